// The whyrec profile page: plain JavaScript, no build step. It reads the user id and token from the URL fragment
// (#user=ID&token=TOKEN), calls the API of the server that serves it (same origin, so no CORS is needed) and
// re-renders everything after each edit, so the list visibly changes at once.
'use strict';

const T = {
  en: { title: 'What we think you like', lang: 'Language', personalized: 'Personalised recommendations',
        login: 'Open this page with #user=ID&token=TOKEN (the platform gives you the link).',
        interests: 'Your interests', muted: 'Muted:', recs: 'Recommended for you', timeline: 'Your activity',
        interestsHint: 'Share of your weighted activity. Mute a topic to stop it shaping your list; delete it to remove it from this page too.',
        formula: 'Each event counts w = (α·f + β·h)·decay: f how often, h how strongly, decay how long ago.',
        when: 'When', item: 'Item', type: 'Type', mute: 'Mute', unmute: 'Unmute', del: 'Delete', why: 'Why?',
        evidence: 'What led to it', removeEvent: 'Delete', none: 'Nothing yet.' },
  zh: { title: '我们认为你喜欢的内容', lang: '语言', personalized: '个性化推荐',
        login: '请通过 #user=ID&token=TOKEN 打开本页（由平台提供链接）。',
        interests: '你的兴趣', muted: '已屏蔽：', recs: '为你推荐', timeline: '你的活动',
        interestsHint: '各主题在你加权活动中的占比。屏蔽一个主题，它将不再影响推荐；删除则连本页也不再显示。',
        formula: '每个事件的权重 w = (α·f + β·h)·衰减：f 为频次，h 为强度，衰减表示距今多久。',
        when: '时间', item: '内容', type: '类型', mute: '屏蔽', unmute: '取消屏蔽', del: '删除', why: '为什么？',
        evidence: '推荐依据', removeEvent: '删除', none: '暂无。' }
};

const params = new URLSearchParams(location.hash.slice(1));
const user = params.get('user');
const token = params.get('token');
let lang = params.get('lang') === 'zh' ? 'zh' : 'en';

function t(key) { return T[lang][key]; }

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: Object.assign({ 'Authorization': 'Bearer ' + token },
                           body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) { throw new Error(data.error || ('HTTP ' + res.status)); }
  return data;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'onclick') { e.addEventListener('click', v); } else { e.setAttribute(k, v); }
  }
  for (const c of children) { e.append(c instanceof Node ? c : document.createTextNode(String(c))); }
  return e;
}

function bar(fraction, negative) {
  const inner = el('div', { style: 'width:' + Math.max(0, Math.min(100, 100 * Math.abs(fraction))).toFixed(1) + '%' });
  return el('div', { class: 'bar' + (negative ? ' neg' : '') }, inner);
}

function pct(x) { return (100 * x).toFixed(0) + '%'; }

function date(ts) { return ts ? new Date(ts * 1000).toISOString().slice(0, 10) : '-'; }

async function edit(method, path, body) {
  try { await api(method, path, body); await render(); } catch (e) { status(e.message); }
}

function status(msg) { document.getElementById('status').textContent = msg || ''; }

function renderProfile(p) {
  const facets = document.getElementById('facets');
  facets.replaceChildren();
  for (const f of p.facets) {
    const tag = encodeURIComponent(f.facet);
    facets.append(el('li', { 'data-facet': f.facet }, f.facet, bar(f.share), pct(f.share),
      el('span', {},
        el('button', { class: 'mute', onclick: () => edit('PUT', `/v1/users/${enc(user)}/tags/${tag}`, { muted: true }) }, t('mute')),
        el('button', { class: 'delete', onclick: () => edit('DELETE', `/v1/users/${enc(user)}/tags/${tag}`) }, t('del')))));
  }
  if (p.facets.length === 0) { facets.append(el('li', {}, t('none'))); }
  const muted = document.getElementById('muted');
  muted.replaceChildren();
  for (const m of p.muted) {
    muted.append(el('span', { class: 'muted-tag' }, m + ' ',
      el('button', { onclick: () => edit('PUT', `/v1/users/${enc(user)}/tags/${encodeURIComponent(m)}`, { muted: false }) }, t('unmute'))), ' ');
  }
  document.getElementById('mutedLine').hidden = p.muted.length === 0;
  document.getElementById('personalized').checked = p.personalized;
  const body = document.querySelector('#timeline tbody');
  body.replaceChildren();
  for (const e of p.events.slice().reverse()) {
    body.append(el('tr', {}, el('td', {}, date(e.ts)), el('td', {}, e.title), el('td', {}, e.type + ' ' + e.value),
      el('td', {}, e.frequency.toFixed(2)), el('td', {}, e.heat.toFixed(2)), el('td', {}, e.decay.toFixed(3)),
      el('td', {}, e.weight.toFixed(3)),
      el('td', {}, el('button', { onclick: () => edit('DELETE', `/v1/users/${enc(user)}/events/${encodeURIComponent(e.eventId)}`) }, t('removeEvent')))));
  }
}

function renderRecs(r) {
  document.getElementById('recLabel').textContent = r.personalized ? '' : r.label;
  const list = document.getElementById('recs');
  list.replaceChildren();
  for (const it of r.items) {
    const li = el('li', { 'data-item': it.item }, el('strong', {}, it.title), ' ',
      el('span', { class: 'tags' }, it.tags.join(' · ')));
    if (it.explanation) {
      const x = it.explanation;
      const panel = el('div', { class: 'why', hidden: '' }, el('p', { class: 'text' }, x.text));
      const ev = el('ol', { class: 'bars' });
      for (const e of x.events.slice(0, 8)) {
        ev.append(el('li', {}, e.title, bar(e.share, e.contribution < 0), pct(e.share)));
      }
      panel.append(el('div', {}, t('evidence')), ev);
      li.append(' ', el('button', { class: 'why-button', onclick: () => { panel.hidden = !panel.hidden; } }, t('why')), panel);
    }
    list.append(li);
  }
}

function enc(s) { return encodeURIComponent(s); }

async function render() {
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-t]').forEach(n => { n.textContent = t(n.getAttribute('data-t')); });
  if (!user || !token) { document.getElementById('login').hidden = false; return; }
  document.getElementById('main').hidden = false;
  try {
    const [p, r] = await Promise.all([
      api('GET', `/v1/users/${enc(user)}/profile`),
      api('GET', `/v1/users/${enc(user)}/recommendations?k=10&explain=true&method=counterfactual&lang=${lang}`)]);
    renderProfile(p);
    renderRecs(r);
    status('');
  } catch (e) { status(e.message); }
}

document.getElementById('lang').value = lang;
document.getElementById('lang').addEventListener('change', e => { lang = e.target.value; render(); });
document.getElementById('personalized').addEventListener('change', e =>
  edit('PUT', `/v1/users/${enc(user)}/personalization`, { enabled: e.target.checked }));
render();
