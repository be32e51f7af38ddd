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
        rankedFormula: m => `Your list is ranked by ${m}, which weighs your events by this formula.`,
        rankedBinary: m => `Your list is ranked by ${m}, which counts each item you acted on once (an item you disliked counts against it); the formula shapes your interests above.`,
        when: 'When', item: 'Item', type: 'Type', mute: 'Mute', unmute: 'Unmute', del: 'Delete', why: 'Why?',
        allFacets: n => `Show all ${n} interests`, fewerFacets: 'Show the main interests only',
        shareOf: (f, p) => `${f}: ${p} of your weighted activity`, muteNamed: f => `Mute ${f}`,
        deleteNamed: f => `Delete the interest ${f}`,
        evidence: 'What led to it', removeEvent: 'Delete', none: 'Nothing yet.',
        wnLabel: 'Why don\u2019t I see \u2026?', wnAsk: 'Ask',
        wnHint: 'Type part of a title, or an item id, and ask why it is not in your list.',
        wnEmpty: 'Type part of a title or an item id first.', wnLoading: 'Looking\u2026',
        wnChoose: 'Several items match; pick one:', wnMore: n => `\u2026 and ${n} more: type more of the title.`,
        wnUnknown: q => `No item matches \u201C${q}\u201D. Try another part of its title, or its item id.`,
        wnOff: 'Personalised recommendations are off, so your list is the same as everyone\u2019s and nothing of yours holds an item back. Switch them on to ask.',
        wnRank: 'Rank', wnRankOf: (r, k) => `${r} (your list shows the top ${k})`,
        wnGap: 'Score gap', wnGapOf: (g, k) => `${g} below item ${k} of your list`,
        wnStatus: { OUTSIDE_LIST: 'Not in your list', IN_LIST: 'Already in your list',
                    SEEN: 'Not listed: you already have activity on it', EXCLUDED: 'Not listed: excluded by your settings' },
        wnHolding: 'Your activity holding it back', wnMuted: 'Its tags you muted:',
        wnChange: 'Smallest change found', wnRemove: 'Leave out your activity on:', wnAdd: 'Add to your history:',
        wnDismiss: 'Mark as not interested:',
        wnVerified: r => `Checked by re-ranking: it would then be at rank ${r}, in your list.`,
        wnUnverified: (r, k) => `Not enough: the closest change tried puts it at rank ${r}, still outside the top ${k}.`,
        wnNoChange: 'No change tried brings it into your list.' },
  zh: { title: '我们认为你喜欢的内容', lang: '语言', personalized: '个性化推荐',
        login: '请通过 #user=ID&token=TOKEN 打开本页（由平台提供链接）。',
        interests: '你的兴趣', muted: '已屏蔽：', recs: '为你推荐', timeline: '你的活动',
        interestsHint: '各主题在你加权活动中的占比。屏蔽一个主题，它将不再影响推荐；删除则连本页也不再显示。',
        formula: '每个事件的权重 w = (α·f + β·h)·衰减：f 为频次，h 为强度，衰减表示距今多久。',
        rankedFormula: m => `你的推荐列表由 ${m} 排序，它按上述公式为你的每个事件加权。`,
        rankedBinary: m => `你的推荐列表由 ${m} 排序，它把你有过行为的每个内容计为一次（你不喜欢的内容计为负）；上述公式决定你的兴趣画像。`,
        when: '时间', item: '内容', type: '类型', mute: '屏蔽', unmute: '取消屏蔽', del: '删除', why: '为什么？',
        allFacets: n => `显示全部 ${n} 个兴趣`, fewerFacets: '只显示主要兴趣',
        shareOf: (f, p) => `${f}：占你加权活动的 ${p}`, muteNamed: f => `屏蔽“${f}”`,
        deleteNamed: f => `删除兴趣“${f}”`,
        evidence: '推荐依据', removeEvent: '删除', none: '暂无。',
        wnLabel: '为什么我看不到……？', wnAsk: '查询',
        wnHint: '输入标题的一部分或内容 ID，看看它为什么不在你的推荐列表中。',
        wnEmpty: '请先输入标题的一部分或内容 ID。', wnLoading: '查询中……',
        wnChoose: '有多个内容匹配，请选择一个：', wnMore: n => `……另有 ${n} 项，请输入更完整的标题。`,
        wnUnknown: q => `没有与“${q}”匹配的内容。请换一部分标题或输入内容 ID 再试。`,
        wnOff: '个性化推荐已关闭，你的列表与所有人相同，你的行为不会拉低任何内容。开启后即可查询。',
        wnRank: '排名', wnRankOf: (r, k) => `第 ${r} 位（你的列表显示前 ${k} 名）`,
        wnGap: '分差', wnGapOf: (g, k) => `比你列表中的第 ${k} 名低 ${g}`,
        wnStatus: { OUTSIDE_LIST: '不在你的列表中', IN_LIST: '已在你的列表中',
                    SEEN: '未列出：你已经对它有过行为', EXCLUDED: '未列出：被你的设置排除' },
        wnHolding: '拉低它的行为', wnMuted: '它被你屏蔽的标签：',
        wnChange: '找到的最小改动', wnRemove: '去掉你对以下内容的行为：', wnAdd: '在你的历史中加入：',
        wnDismiss: '标记为不感兴趣：',
        wnVerified: r => `已通过重新排序验证：改动后它会排在第 ${r} 位，进入你的列表。`,
        wnUnverified: (r, k) => `还不够：尝试过的最接近的改动让它排在第 ${r} 位，仍在前 ${k} 名之外。`,
        wnNoChange: '尝试过的改动都不能让它进入你的列表。' }
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
  if (!res.ok) { const err = new Error(data.error || ('HTTP ' + res.status)); err.status = res.status; throw err; }
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

/** The interest chart's default size and the smallest share it shows (the rest is behind "show all"). */
const CHART_MAX = 15;
const CHART_MIN_SHARE = 0.01;
let showAllFacets = false;

function renderProfile(p) {
  const note = document.getElementById('rankingNote');
  if (note && p.ranking) {
    note.textContent = (p.ranking.usesFormula ? T[lang].rankedFormula : T[lang].rankedBinary)(p.ranking.model);
  }
  const facets = document.getElementById('facets');
  facets.replaceChildren();
  // the chart shows the strongest CHART_MAX facets of at least CHART_MIN_SHARE; the rest stay listed (and
  // mutable) behind "show all"
  const shown = p.facets.filter((f, i) => i < CHART_MAX && f.share >= CHART_MIN_SHARE);
  const list = showAllFacets ? p.facets : shown;
  for (const f of list) {
    const tag = encodeURIComponent(f.facet);
    facets.append(el('li', { 'data-facet': f.facet }, f.facet,
      el('span', { role: 'img', 'aria-label': T[lang].shareOf(f.facet, pct(f.share)) }, bar(f.share)), pct(f.share),
      el('span', {},
        el('button', { class: 'mute', 'aria-label': T[lang].muteNamed(f.facet),
          onclick: () => edit('PUT', `/v1/users/${enc(user)}/tags/${tag}`, { muted: true }) }, t('mute')),
        el('button', { class: 'delete', 'aria-label': T[lang].deleteNamed(f.facet),
          onclick: () => edit('DELETE', `/v1/users/${enc(user)}/tags/${tag}`) }, t('del')))));
  }
  if (p.facets.length === 0) { facets.append(el('li', {}, t('none'))); }
  const more = document.getElementById('allFacets');
  more.hidden = shown.length === p.facets.length;
  more.setAttribute('aria-expanded', String(showAllFacets));
  more.textContent = showAllFacets ? T[lang].fewerFacets : T[lang].allFacets(p.facets.length);
  more.onclick = () => { showAllFacets = !showAllFacets; renderProfile(p); };
  const muted = document.getElementById('muted');
  muted.replaceChildren();
  for (const m of p.muted) {
    muted.append(el('span', { class: 'muted-tag' }, m + ' ',
      el('button', { onclick: () => edit('PUT', `/v1/users/${enc(user)}/tags/${encodeURIComponent(m)}`, { muted: false }) }, t('unmute'))), ' ');
  }
  document.getElementById('mutedLine').hidden = p.muted.length === 0;
  document.getElementById('personalized').checked = p.personalized;
  events.clear();
  for (const e of p.events) { events.set(e.eventId, e); know(e.item, e.title); }
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
    know(it.item, it.title);
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

// "Why don't I see ...?": there is no search endpoint, so the box matches what it types against the titles the
// page knows: the user's timeline, the shown list and, fetched once, a longer list (k=100) of the catalogue.
const known = new Map();   // item id -> title
const events = new Map();  // event id -> timeline event (to name the events a change would leave out)
let catalogue = null;      // the one-off fetch of the longer list
let whyNot = null;         // what the answer region shows: { item } or { query }, asked again on every render
let whyNotSeq = 0;         // only the latest question may write the answer

function know(item, title) {
  if (item === undefined || item === null || known.has(item)) { return; }
  known.set(item, title || item);
  const list = document.getElementById('whyNotTitles');
  const opts = Array.from(known, ([id, ti]) => ({ id, ti })).sort((a, b) => a.ti.localeCompare(b.ti) || a.id.localeCompare(b.id));
  list.replaceChildren(...opts.map(o => el('option', { value: o.ti, label: o.id })));
}

function loadCatalogue() {
  if (!catalogue) {
    catalogue = api('GET', `/v1/users/${enc(user)}/recommendations?k=100`)
      .then(r => { for (const it of r.items) { know(it.item, it.title); } })
      .catch(() => {}); // fewer titles to match; an id still works
  }
  return catalogue;
}

function norm(s) { return s.normalize('NFKC').toLowerCase().replace(/[“”"'‘’《》「」]/g, '').replace(/\s+/g, ' ').trim(); }

/** The items a query names: an exact id, else exact titles, else titles containing it. */
function match(query) {
  if (known.has(query)) { return [query]; }
  const q = norm(query);
  const all = Array.from(known);
  const exact = all.filter(([, ti]) => norm(ti) === q).map(([id]) => id);
  if (exact.length > 0) { return exact; }
  return all.filter(([, ti]) => norm(ti).includes(q))
    .sort((a, b) => a[1].length - b[1].length || a[1].localeCompare(b[1])).map(([id]) => id);
}

function answer(...children) {
  document.getElementById('whyNotAnswer').replaceChildren(...children);
}

function note(msg, cls) { return el('p', { class: 'wn-note' + (cls ? ' ' + cls : '') }, msg); }

async function askQuery(query, seq) {
  if (!query) { answer(note(t('wnEmpty'), 'wn-error')); return; }
  await loadCatalogue();
  if (seq !== whyNotSeq) { return; }
  const ids = match(query);
  if (ids.length === 1) { whyNot = { item: ids[0] }; await askItem(ids[0], seq); return; }
  if (ids.length === 0) { await askItem(query, seq, query); return; } // perhaps an id the page never saw
  const choices = el('ul', { class: 'wn-choices' });
  for (const id of ids.slice(0, 10)) {
    choices.append(el('li', {}, el('button', { type: 'button', class: 'wn-choice',
      onclick: () => { whyNot = { item: id }; askItem(id, ++whyNotSeq); } }, known.get(id) + ' (' + id + ')')));
  }
  answer(note(t('wnChoose')), choices, ...(ids.length > 10 ? [note(t('wnMore')(ids.length - 10))] : []));
}

async function askItem(item, seq, typed) {
  answer(note(t('wnLoading'), 'wn-loading'));
  let a;
  try {
    a = await api('GET', `/v1/users/${enc(user)}/items/${enc(item)}/why-not?k=10&lang=${lang}`);
  } catch (e) {
    if (seq !== whyNotSeq) { return; }
    const msg = e.status === 404 ? t('wnUnknown')(typed || known.get(item) || item)
      : e.status === 409 ? t('wnOff') : e.message;
    answer(note(msg, 'wn-error'));
    return;
  }
  if (seq !== whyNotSeq) { return; }
  know(a.item, a.title);
  renderWhyNot(a);
}

function renderWhyNot(a) {
  const out = [el('h3', { class: 'wn-title' }, a.title, ' ', el('span', { class: 'wn-status', 'data-status': a.status }, t('wnStatus')[a.status] || a.status)),
    el('p', { class: 'text wn-text' }, a.text)];
  const facts = el('dl', { class: 'wn-facts' });
  if (a.rank !== undefined) {
    facts.append(el('dt', {}, t('wnRank')), el('dd', { class: 'wn-rank', 'data-rank': a.rank }, t('wnRankOf')(a.rank, a.k)));
  }
  if (a.gap !== undefined && a.status === 'OUTSIDE_LIST') {
    facts.append(el('dt', {}, t('wnGap')), el('dd', { class: 'wn-gap' }, t('wnGapOf')(a.gap.toFixed(2), a.k)));
  }
  if (facts.childNodes.length > 0) { out.push(facts); }
  if (a.mutedTags && a.mutedTags.length > 0) {
    out.push(el('p', { class: 'wn-muted' }, t('wnMuted'), ' ', a.mutedTags.join(' · ')));
  }
  if (a.holdingBack && a.holdingBack.length > 0) {
    const most = Math.max(...a.holdingBack.map(b => Math.abs(b.contribution))) || 1;
    const ol = el('ol', { class: 'bars wn-holding' });
    for (const b of a.holdingBack.slice(0, 8)) {
      know(b.item, b.title);
      ol.append(el('li', {}, b.title, bar(b.contribution / most, true), b.contribution.toFixed(2)));
    }
    out.push(el('h4', {}, t('wnHolding')), ol);
  }
  const c = a.change;
  if (c) {
    const parts = [];
    if (c.removedEvents.length > 0) {
      const ul = el('ul', { class: 'wn-change-items', 'data-part': 'remove' });
      for (const id of c.removedEvents) {
        const e = events.get(id) || (a.holdingBack || []).find(b => b.eventId === id);
        const what = e ? [e.type + (e.value !== undefined ? ' ' + e.value : ''), ...(e.ts ? [date(e.ts)] : [])].join(', ') : '';
        ul.append(el('li', { 'data-event': id }, e ? el('strong', {}, e.title) : id, e ? ' ' : '', e ? el('span', { class: 'tags' }, what) : ''));
      }
      parts.push(el('p', {}, t('wnRemove')), ul);
    }
    for (const [key, list, part] of [['wnAdd', c.addedItems, 'add'], ['wnDismiss', c.dismissedItems || [], 'dismiss']]) {
      if (list.length === 0) { continue; }
      const ul = el('ul', { class: 'wn-change-items', 'data-part': part });
      for (const it of list) {
        know(it.item, it.title);
        ul.append(el('li', { 'data-item': it.item }, el('strong', {}, it.title), ' ', el('span', { class: 'tags' }, (it.tags || []).join(' · '))));
      }
      parts.push(el('p', {}, t(key)), ul);
    }
    out.push(el('div', { class: 'wn-change', 'data-kind': c.kind, 'data-verified': String(c.verified) },
      el('h4', {}, t('wnChange')), ...parts,
      el('p', { class: c.verified ? 'wn-verified' : 'wn-unverified' },
        c.verified ? t('wnVerified')(c.newRank) : t('wnUnverified')(c.newRank, a.k))));
  } else if (a.status === 'OUTSIDE_LIST') {
    out.push(note(t('wnNoChange')));
  }
  answer(...out);
}

function refreshWhyNot() {
  if (!whyNot) { return; }
  const seq = ++whyNotSeq;
  if (whyNot.item !== undefined) { askItem(whyNot.item, seq); } else { askQuery(whyNot.query, seq); }
}

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
  loadCatalogue();
  refreshWhyNot(); // in the new language, and after an edit that may have changed the answer
}

document.getElementById('lang').value = lang;
document.getElementById('lang').addEventListener('change', e => { lang = e.target.value; render(); });
document.getElementById('whyNotForm').addEventListener('submit', e => {
  e.preventDefault();
  whyNot = { query: document.getElementById('whyNotInput').value.trim() };
  refreshWhyNot();
});
document.getElementById('personalized').addEventListener('change', e =>
  edit('PUT', `/v1/users/${enc(user)}/personalization`, { enabled: e.target.checked }));
render();
