// The whyrec profile page: plain JavaScript, no build step. It reads the user id and token from the URL fragment
// (#user=ID&token=TOKEN, optionally &lang=zh), calls the API of the server that serves it (same origin, so no
// CORS is needed) and re-renders everything after each edit, so the list visibly changes at once.
//
// Every label is built here from the structured fields of the API (event type and value, contributions,
// counterfactual events), in English and Chinese; the server's template sentence (`text`) is shown only in the
// why-not answer. A sentence the configured narrator wrote and its grounding gate passed is quoted, as it was
// written, at the top of a Why? panel (and in the profile summary).
// Edits are undoable: muting, deleting a topic, leaving events out and "not interested" / "more like this" are
// undone by the inverse call; deleting an event is committed at once and undone by posting the same event again
// (same id, time, type and value) through the user's own events route.
'use strict';

/** MovieLens genre names (ML-100K, ML-1M, ml-latest) in Chinese; other facets are shown as they are. */
const GENRES_ZH = {
  'Action': '动作', 'Adventure': '冒险', 'Animation': '动画', "Children's": '儿童', 'Children': '儿童',
  'Comedy': '喜剧', 'Crime': '犯罪', 'Documentary': '纪录片', 'Drama': '剧情', 'Fantasy': '奇幻',
  'Film-Noir': '黑色电影', 'Horror': '恐怖', 'Musical': '音乐', 'Mystery': '悬疑', 'Romance': '爱情',
  'Sci-Fi': '科幻', 'Thriller': '惊悚', 'War': '战争', 'Western': '西部', 'IMAX': 'IMAX',
  '(no genres listed)': '未列出类型', 'unknown': '未知类型'
};

/**
 * How an event is worded, per type (lower case): `did` the past-tense phrase with the title ("rated X"), `tag`
 * the short label of the timeline's type column. A rating with a value adds "v/max". Unknown types fall back to
 * `other`.
 */
const EVENT_WORDS = {
  en: {
    rating: { did: t => `rated ${t}`, tag: 'rating' }, rate: { did: t => `rated ${t}`, tag: 'rating' },
    view: { did: t => `viewed ${t}`, tag: 'viewed' }, watch: { did: t => `watched ${t}`, tag: 'watched' },
    play: { did: t => `played ${t}`, tag: 'played' }, click: { did: t => `clicked ${t}`, tag: 'clicked' },
    cart: { did: t => `put ${t} in your cart`, tag: 'in cart' }, buy: { did: t => `bought ${t}`, tag: 'bought' },
    purchase: { did: t => `bought ${t}`, tag: 'bought' }, like: { did: t => `liked ${t}`, tag: 'liked' },
    dislike: { did: t => `disliked ${t}`, tag: 'disliked' },
    not_interested: { did: t => `said you are not interested in ${t}`, tag: 'not interested' },
    skip: { did: t => `skipped ${t}`, tag: 'skipped' },
    listen: { did: t => `listened to ${t}`, tag: 'listened' },
    // a user-items or generic log without event types: no verb would be right for every catalogue
    interaction: { did: t => `interacted with ${t}`, tag: 'interaction' },
    other: type => ({ did: t => `${type}: ${t}`, tag: type })
  },
  zh: {
    rating: { did: t => `给${t}评分`, tag: '评分' }, rate: { did: t => `给${t}评分`, tag: '评分' },
    view: { did: t => `浏览了${t}`, tag: '浏览' }, watch: { did: t => `看了${t}`, tag: '观看' },
    play: { did: t => `玩了${t}`, tag: '游玩' }, click: { did: t => `点击了${t}`, tag: '点击' },
    cart: { did: t => `把${t}加入购物车`, tag: '加购' }, buy: { did: t => `购买了${t}`, tag: '购买' },
    purchase: { did: t => `购买了${t}`, tag: '购买' }, like: { did: t => `喜欢${t}`, tag: '喜欢' },
    dislike: { did: t => `不喜欢${t}`, tag: '不喜欢' },
    not_interested: { did: t => `对${t}标记了不感兴趣`, tag: '不感兴趣' },
    skip: { did: t => `跳过了${t}`, tag: '跳过' },
    listen: { did: t => `听了${t}`, tag: '收听' },
    interaction: { did: t => `与${t}有过互动`, tag: '互动' },
    other: type => ({ did: t => `${type}：${t}`, tag: type })
  }
};

const T = {
  en: { docTitle: 'whyrec — your interests', title: 'What we think you like', lang: 'Language',
        personalized: 'Personalised recommendations',
        login: 'Open this page with #user=ID&token=TOKEN (the platform gives you the link).',
        interests: 'Your interests', muted: 'Muted:', recs: 'Recommended for you', timeline: 'Your activity',
        interestsHint: 'Share of your weighted activity. Mute a topic to stop it shaping your list; delete it to remove it from this page too.',
        formula: 'Each event counts w = (α·f + β·h)·decay: f how often, h how strongly, decay how long ago.',
        rankedFormula: m => `Your list is ranked by ${m}, which weighs your events by this formula.`,
        rankedBinary: m => `Your list is ranked by ${m}, which counts each item you acted on once (an item you disliked counts against it); the formula shapes your interests above.`,
        when: 'When', item: 'Item', type: 'Type', decay: 'decay', actions: 'Actions',
        mute: 'Mute', unmute: 'Unmute', del: 'Delete', why: 'Why?',
        fbAsk: 'Was this explanation helpful?', fbYes: 'Helpful', fbNo: 'Not helpful',
        fbYesNamed: t => `The explanation of ${t} was helpful`, fbNoNamed: t => `The explanation of ${t} was not helpful`,
        fbThanks: 'Thank you for your feedback.',
        allFacets: n => `Show all ${n} interests`, fewerFacets: 'Show the main interests only',
        allEvents: n => `Show all ${n} events`, fewerEvents: n => `Show the latest ${n} events only`,
        shareOf: (f, p) => `${f}: ${p} of your weighted activity`, muteNamed: f => `Mute ${f}`,
        unmuteNamed: f => `Unmute ${f}`, deleteNamed: f => `Delete the interest ${f}`,
        notMe: "That's not me", notMeNamed: ph => `That's not me: ${ph} (mutes what it names)`,
        tNotMe: fs => `Muted ${fs.join(', ')}.`, sep: '; ', end: '.',
        none: 'Nothing yet.', q: t => t,
        whyNamed: t => `Why is ${t} recommended?`,
        notInterested: 'Not interested', notInterestedNamed: t => `Not interested in ${t}`,
        moreLike: 'More like this', moreLikeNamed: t => `More like ${t}`,
        you: s => `You ${s}`, rated: (v, max) => ` ${v}/${max}`,
        narratedBy: name => `In words, by ${name}, checked against the reasons below`,
        reasons: 'Your activity behind it', reasonShare: (what, p) => `${what}: ${p} of this recommendation's evidence`,
        moreReasonsNamed: (n, t) => `Show ${n} more reasons for ${t}`,
        fewerReasonsNamed: t => `Show only the strongest reasons for ${t}`, against: 'against', moreReasons: n => `Show ${n} more reasons`, fewerReasons: 'Show the strongest reasons only',
        topics: 'Topics:', list: a => a.length <= 1 ? a.join('') : a.slice(0, -1).join(', ') + ' and ' + a[a.length - 1],
        andMore: n => `${n} more`,
        cfIf: (did, r) => `If you hadn\u2019t ${did}, this would drop to #${r}.`,
        cfNone: 'Leaving out a few of your events would not take it out of your list.',
        exclude: 'Leave these out of my recommendations',
        excludeNamed: (n, t) => `Leave out the ${n === 1 ? 'event' : n + ' events'} behind ${t} from my recommendations`,
        excludeOne: 'Leave out', includeOne: 'Include again',
        excludeEvent: s => `Leave out: you ${s}, from my recommendations`,
        includeEvent: s => `Include again: you ${s}`,
        deleteEvent: s => `Delete: you ${s}`,
        excludedMark: 'left out',
        undo: 'Undo', undoNamed: m => `Undo: ${m}`, dismiss: 'Close', dismissNamed: 'Close this message',
        tMuted: f => `Muted ${f}.`, tDeleted: f => `Deleted the interest ${f}.`, tUnmuted: f => `Unmuted ${f}.`,
        tEventDeleted: s => `Deleted: you ${s}.`, tExcluded: n => `Left out ${n === 1 ? '1 event' : n + ' events'} from your recommendations.`,
        tIncluded: s => `Included again: you ${s}.`, tDismissed: t => `Marked ${t} as not interesting.`,
        tLiked: t => `Noted that you like ${t}.`, tUndone: 'Undone.',
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
  zh: { docTitle: 'whyrec — 你的兴趣', title: '我们认为你喜欢的内容', lang: '语言', personalized: '个性化推荐',
        login: '请通过 #user=ID&token=TOKEN 打开本页（由平台提供链接）。',
        interests: '你的兴趣', muted: '已屏蔽：', recs: '为你推荐', timeline: '你的活动',
        interestsHint: '各主题在你加权活动中的占比。屏蔽一个主题，它将不再影响推荐；删除则连本页也不再显示。',
        formula: '每个事件的权重 w = (α·f + β·h)·衰减：f 为频次，h 为强度，衰减表示距今多久。',
        rankedFormula: m => `你的推荐列表由 ${m} 排序，它按上述公式为你的每个事件加权。`,
        rankedBinary: m => `你的推荐列表由 ${m} 排序，它把你有过行为的每个内容计为一次（你不喜欢的内容计为负）；上述公式决定你的兴趣画像。`,
        when: '时间', item: '内容', type: '类型', decay: '衰减', actions: '操作',
        mute: '屏蔽', unmute: '取消屏蔽', del: '删除', why: '为什么？',
        fbAsk: '这个解释对你有帮助吗？', fbYes: '有帮助', fbNo: '没有帮助',
        fbYesNamed: t => `《${t}》的解释有帮助`, fbNoNamed: t => `《${t}》的解释没有帮助`,
        fbThanks: '谢谢你的反馈。',
        allFacets: n => `显示全部 ${n} 个兴趣`, fewerFacets: '只显示主要兴趣',
        allEvents: n => `显示全部 ${n} 条活动`, fewerEvents: n => `只显示最近 ${n} 条活动`,
        shareOf: (f, p) => `${f}：占你加权活动的 ${p}`, muteNamed: f => `屏蔽“${f}”`,
        unmuteNamed: f => `取消屏蔽“${f}”`, deleteNamed: f => `删除兴趣“${f}”`,
        notMe: '这不是我', notMeNamed: ph => `这不是我：${ph}（屏蔽其中提到的兴趣）`,
        tNotMe: fs => `已屏蔽${fs.map(f => `“${f}”`).join('、')}。`, sep: '；', end: '。',
        none: '暂无。', q: t => `《${t}》`,
        whyNamed: t => `为什么推荐《${t}》？`,
        notInterested: '不感兴趣', notInterestedNamed: t => `对《${t}》不感兴趣`,
        moreLike: '多推荐类似的', moreLikeNamed: t => `多推荐类似《${t}》的内容`,
        you: s => `你${s}`, rated: (v, max) => `（${v}/${max} 分）`,
        narratedBy: name => `由 ${name} 用文字概括，已对照下方的推荐依据核对`,
        reasons: '推荐依据：你的这些活动', reasonShare: (what, p) => `${what}：占这条推荐依据的 ${p}`,
        moreReasonsNamed: (n, t) => `显示《${t}》的另外 ${n} 条原因`,
        fewerReasonsNamed: t => `只显示《${t}》最主要的原因`, against: '反向', moreReasons: n => `显示另外 ${n} 条原因`, fewerReasons: '只显示最主要的原因',
        topics: '相关主题：', list: a => a.join('、'), andMore: n => `另外 ${n} 项`,
        cfIf: (did, r) => `如果你没有${did}，它会降到第 ${r} 位。`,
        cfNone: '去掉你的少量活动并不能让它离开你的列表。',
        exclude: '在推荐中忽略这些活动',
        excludeNamed: (n, t) => `在推荐中忽略《${t}》背后的 ${n} 条活动`,
        excludeOne: '忽略', includeOne: '重新计入',
        excludeEvent: s => `在推荐中忽略：你${s}`,
        includeEvent: s => `重新计入：你${s}`,
        deleteEvent: s => `删除：你${s}`,
        excludedMark: '已忽略',
        undo: '撤销', undoNamed: m => `撤销：${m}`, dismiss: '关闭', dismissNamed: '关闭此消息',
        tMuted: f => `已屏蔽“${f}”。`, tDeleted: f => `已删除兴趣“${f}”。`, tUnmuted: f => `已取消屏蔽“${f}”。`,
        tEventDeleted: s => `已删除：你${s}。`, tExcluded: n => `已在推荐中忽略 ${n} 条活动。`,
        tIncluded: s => `已重新计入：你${s}。`, tDismissed: t => `已将《${t}》标记为不感兴趣。`,
        tLiked: t => `已记下你喜欢《${t}》。`, tUndone: '已撤销。',
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

const LANG_KEY = 'whyrec.lang';
let user = null;
let token = null;
let lang = 'en';

/** Reads user, token and language from the fragment; the language falls back to the one kept in localStorage. */
function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  user = params.get('user');
  token = params.get('token');
  let stored = null;
  try { stored = localStorage.getItem(LANG_KEY); } catch (e) { /* storage disabled: the fragment still works */ }
  const wanted = params.get('lang') || stored;
  lang = wanted === 'zh' ? 'zh' : 'en';
}

/** Keeps the language: in localStorage (across reloads) and in the fragment (a shared link opens in it). */
function keepLang() {
  try { localStorage.setItem(LANG_KEY, lang); } catch (e) { /* storage disabled */ }
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get('lang') !== lang) {
    params.set('lang', lang);
    history.replaceState(null, '', '#' + params.toString());
  }
}

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
    if (k === 'onclick') { e.addEventListener('click', v); } else if (v !== undefined && v !== null) { e.setAttribute(k, v); }
  }
  for (const c of children) {
    if (c === undefined || c === null || c === '') { continue; }
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function button(cls, label, name, onclick, extra) {
  return el('button', Object.assign({ type: 'button', class: cls, 'aria-label': name, onclick }, extra || {}), label);
}

/** A bar of width |fraction| (0..1), with a text alternative. */
function bar(fraction, negative, alt) {
  // set through the CSSOM: the Content-Security-Policy (style-src 'self') refuses style attributes
  const inner = el('div', {});
  inner.style.width = Math.max(0, Math.min(100, 100 * Math.abs(fraction))).toFixed(1) + '%';
  return el('div', { class: 'bar' + (negative ? ' neg' : ''), role: 'img', 'aria-label': alt }, inner);
}

function pct(x) { return (x < 0 ? '\u2212' : '') + (100 * Math.abs(x)).toFixed(0) + '%'; }

// an undated log's timestamps are the events' positions in the file (below 1e8 s, March 1973): shown as #N
function date(ts) { return ts < 1e8 ? '#' + ts : new Date(ts * 1000).toISOString().slice(0, 10); }

function enc(s) { return encodeURIComponent(s); }

/** A facet's name in the page's language (MovieLens genres translated; a "genre:" style prefix is dropped). */
function facetName(f) {
  if (lang !== 'zh') { return f; }
  const bare = f.replace(/^(genre|genres|tag)[:=]/i, '');
  return GENRES_ZH[bare] || GENRES_ZH[f] || f;
}

function num(v) { return Number.isInteger(v) ? String(v) : String(+Number(v).toFixed(2)); }

function wordsOf(type) {
  const w = EVENT_WORDS[lang];
  const key = String(type || '').toLowerCase();
  return w[key] || w.other(type);
}

function isRating(type) { const k = String(type || '').toLowerCase(); return k === 'rating' || k === 'rate'; }

let maxRating = 5;

/** What the user did, without "you": "rated Toy Story 5/5", "watched Toy Story" (zh: "给《Toy Story》评分（5/5 分）"). */
function did(e, title) {
  const name = t('q')(title === undefined ? e.title : title);
  const s = wordsOf(e.type).did(name);
  return isRating(e.type) && e.value !== undefined && e.value !== null ? s + t('rated')(num(e.value), num(maxRating)) : s;
}

/** The timeline's short type label: "rating 4.5/5", "bought". */
function typeLabel(e) {
  const tag = wordsOf(e.type).tag;
  return isRating(e.type) && e.value !== undefined ? `${tag} ${num(e.value)}/${num(maxRating)}` : tag;
}

function status(msg) { document.getElementById('status').textContent = msg || ''; }

// ---- the undo toast: one message at a time, with an Undo button that runs the inverse call ----
let toastTimer = null;

function toast(message, undo) {
  const box = document.getElementById('toast');
  clearTimeout(toastTimer);
  box.replaceChildren(el('span', { class: 'toast-text' }, message));
  if (undo) {
    box.append(button('undo', t('undo'), t('undoNamed')(message), async () => {
      hideToast();
      try { await undo(); await render(); toast(t('tUndone')); } catch (e) { status(e.message); }
    }));
  }
  box.append(button('toast-close', '\u00D7', t('dismissNamed'), hideToast));
  box.hidden = false;
  toastTimer = setTimeout(hideToast, undo ? 15000 : 4000);
}

function hideToast() {
  clearTimeout(toastTimer);
  const box = document.getElementById('toast');
  box.hidden = true;
  box.replaceChildren();
}

/** Runs an edit, re-renders, and offers its undo. */
async function edit(doIt, message, undo) {
  try { await doIt(); await render(); if (message) { toast(message, undo); } } catch (e) { status(e.message); }
}

const userPath = () => `/v1/users/${enc(user)}`;
const tagPath = f => `${userPath()}/tags/${enc(f)}`;
const eventPath = id => `${userPath()}/events/${enc(id)}`;
const setExcluded = (ids, on) => Promise.all(ids.map(id => api('PUT', eventPath(id), { excluded: on })));
let eventSeq = 0;
function newEventId(kind, item) { return `page-${kind}-${item}-${Date.now().toString(36)}-${(eventSeq++).toString(36)}`; }

/** The interest chart's default size and the smallest share it shows (the rest is behind "show all"). */
const CHART_MAX = 15;
const CHART_MIN_SHARE = 0.01;
/** The timeline shows the latest TIMELINE_MAX events; the rest is behind "show all". */
const TIMELINE_MAX = 20;
/** The Why? panel shows the REASONS_SHOWN strongest events; the rest is behind "more". */
const REASONS_SHOWN = 3;
let showAllFacets = false;
let showAllEvents = false;
const openPanels = new Set();   // items whose Why? panel is open, kept across re-renders
const openMore = new Set();     // items whose "more reasons" are open
const answered = new Set();     // explanation ids the user answered "helpful?" for on this page

/**
 * "Was this explanation helpful?" under a Why? panel: two labelled buttons that post the answer
 * (POST /v1/users/{u}/feedback with the explanation's id) and are replaced by a thank-you once it is stored.
 */
function feedback(it, x) {
  const thanks = el('p', { class: 'fb-thanks', role: 'status' }, t('fbThanks'));
  if (answered.has(x.explanationId)) { return el('div', { class: 'feedback' }, thanks); }
  const box = el('div', { class: 'feedback', role: 'group', 'aria-label': t('fbAsk') }, el('span', { class: 'fb-ask' }, t('fbAsk')));
  const send = helpful => async () => {
    try {
      await api('POST', `${userPath()}/feedback`, { item: it.item, explanationId: x.explanationId, helpful });
      answered.add(x.explanationId);
      box.replaceChildren(thanks);
    } catch (e) { status(e.message); }
  };
  box.append(' ', button('fb-yes', t('fbYes'), T[lang].fbYesNamed(it.title), send(true)), ' ',
    button('fb-no', t('fbNo'), T[lang].fbNoNamed(it.title), send(false)));
  return box;
}

/**
 * The profile in a sentence or two (written by the server from the facets and events below it, or by the
 * configured narrator behind the grounding gate: then each phrase is one of its sentences, with its own
 * punctuation); each phrase has a "That's not me" button that mutes the facets the phrase names, with an undo.
 */
function renderSummary(summary) {
  const box = document.getElementById('summary');
  box.replaceChildren();
  const phrases = summary ? summary.phrases : [];
  const narrated = phrases.some(ph => ph.kind === 'narrated');
  box.hidden = phrases.length === 0;
  phrases.forEach((ph, i) => {
    if (i > 0) { box.append(narrated ? ' ' : T[lang].sep); }
    // the phrase names its facets verbatim: shown in the page's language like everywhere else on the page
    const text = ph.facets.reduce((acc, f) => acc.split(f).join(facetName(f)), ph.text);
    box.append(el('span', { class: 'phrase', 'data-kind': ph.kind }, text));
    if (ph.facets.length > 0) {
      box.append(' ', button('not-me', t('notMe'), T[lang].notMeNamed(text), () => edit(
        () => Promise.all(ph.facets.map(f => api('PUT', tagPath(f), { muted: true }))),
        T[lang].tNotMe(ph.facets.map(facetName)),
        () => Promise.all(ph.facets.map(f => api('PUT', tagPath(f), { muted: false }))))));
    }
  });
  if (phrases.length > 0 && !narrated) { box.append(T[lang].end); }
}

function renderProfile(p) {
  if (p.weighting && p.weighting.maxRating) { maxRating = p.weighting.maxRating; }
  const note = document.getElementById('rankingNote');
  if (note && p.ranking) {
    note.textContent = (p.ranking.usesFormula ? T[lang].rankedFormula : T[lang].rankedBinary)(p.ranking.model);
  }
  renderSummary(p.summary);
  const facets = document.getElementById('facets');
  facets.replaceChildren();
  // the chart shows the strongest CHART_MAX facets of at least CHART_MIN_SHARE; the rest stay listed (and
  // mutable) behind "show all"
  const shown = p.facets.filter((f, i) => i < CHART_MAX && f.share >= CHART_MIN_SHARE);
  const list = showAllFacets ? p.facets : shown;
  for (const f of list) {
    const name = facetName(f.facet);
    facets.append(el('li', { 'data-facet': f.facet }, el('span', { class: 'facet-name' }, name),
      bar(f.share, false, T[lang].shareOf(name, pct(f.share))), el('span', { class: 'pct', 'aria-hidden': 'true' }, pct(f.share)),
      el('span', { class: 'actions' },
        button('mute', t('mute'), T[lang].muteNamed(name), () => edit(() => api('PUT', tagPath(f.facet), { muted: true }),
          T[lang].tMuted(name), () => api('PUT', tagPath(f.facet), { muted: false }))),
        button('delete', t('del'), T[lang].deleteNamed(name), () => edit(() => api('DELETE', tagPath(f.facet)),
          T[lang].tDeleted(name), () => api('PUT', tagPath(f.facet), { muted: false }))))));
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
    const name = facetName(m);
    muted.append(el('span', { class: 'muted-tag', 'data-facet': m }, name + ' ',
      button('unmute', t('unmute'), T[lang].unmuteNamed(name), () => edit(() => api('PUT', tagPath(m), { muted: false }),
        T[lang].tUnmuted(name), () => api('PUT', tagPath(m), { muted: true })))), ' ');
  }
  document.getElementById('mutedLine').hidden = p.muted.length === 0;
  document.getElementById('personalized').checked = p.personalized;
  events.clear();
  for (const e of p.events) { events.set(e.eventId, e); know(e.item, e.title); }
  renderTimeline(p.events);
}

function renderTimeline(all) {
  const body = document.querySelector('#timeline tbody');
  body.replaceChildren();
  const latest = all.slice().reverse();
  const rows = showAllEvents ? latest : latest.slice(0, TIMELINE_MAX);
  for (const e of rows) {
    const what = did(e);
    const toggle = e.excluded
      ? button('include', t('includeOne'), T[lang].includeEvent(what), () => edit(() => setExcluded([e.eventId], false),
          T[lang].tIncluded(what), () => setExcluded([e.eventId], true)))
      : button('exclude', t('excludeOne'), T[lang].excludeEvent(what), () => edit(() => setExcluded([e.eventId], true),
          T[lang].tExcluded(1), () => setExcluded([e.eventId], false)));
    const repost = () => api('POST', `${userPath()}/events`, [{ id: e.eventId, item: e.item, ts: e.ts, type: e.type, value: e.value }])
      .then(() => e.excluded ? setExcluded([e.eventId], true) : null);
    body.append(el('tr', { 'data-event': e.eventId, class: e.excluded ? 'excluded' : null },
      el('td', { class: 'when' }, date(e.ts)),
      el('td', { class: 'title' }, e.title, e.excluded ? el('span', { class: 'excluded-mark' }, ' (' + t('excludedMark') + ')') : ''),
      el('td', { class: 'type' }, typeLabel(e)),
      el('td', { class: 'num', 'data-label': 'f' }, e.frequency.toFixed(2)),
      el('td', { class: 'num', 'data-label': 'h' }, e.heat.toFixed(2)),
      el('td', { class: 'num', 'data-label': t('decay') }, e.decay.toFixed(3)),
      el('td', { class: 'num', 'data-label': 'w' }, e.weight.toFixed(3)),
      el('td', { class: 'actions' }, toggle,
        button('delete-event', t('del'), T[lang].deleteEvent(what),
          () => edit(() => api('DELETE', eventPath(e.eventId)), T[lang].tEventDeleted(what), repost)))));
  }
  const more = document.getElementById('allEvents');
  more.hidden = all.length <= TIMELINE_MAX;
  more.setAttribute('aria-expanded', String(showAllEvents));
  more.textContent = showAllEvents ? T[lang].fewerEvents(TIMELINE_MAX) : T[lang].allEvents(all.length);
  more.onclick = () => { showAllEvents = !showAllEvents; renderTimeline(all); };
}

/** One reason of a Why? panel: what the user did, a bar scaled to the item's largest |contribution|, the share. */
function reason(e, most) {
  const full = events.get(e.eventId) || e;
  const what = T[lang].you(did({ type: e.type, value: full.value, title: e.title }));
  const negative = e.contribution < 0;
  const share = pct(e.share);
  return el('li', { 'data-event': e.eventId, class: negative ? 'against' : null },
    el('span', { class: 'reason' }, what),
    bar(most > 0 ? Math.abs(e.contribution) / most : 0, negative, T[lang].reasonShare(what, share)),
    el('span', { class: 'pct', 'aria-hidden': 'true' }, share));
}

/** "rated A and B, and watched C" from the events a counterfactual removes, grouped by type in their order. */
function didAll(ids) {
  const groups = [];
  for (const id of ids.slice(0, 5)) {
    const e = events.get(id);
    if (!e) { continue; }
    const w = wordsOf(e.type);
    let g = groups.find(x => x.w === w);
    if (!g) { g = { w, titles: [] }; groups.push(g); }
    g.titles.push(t('q')(e.title));
  }
  const parts = groups.map(g => g.w.did(t('list')(g.titles)));
  if (ids.length > 5) { parts.push(t('andMore')(ids.length - 5)); }
  return t('list')(parts);
}

function renderRecs(r) {
  document.getElementById('recLabel').textContent = r.personalized ? '' : r.label;
  const list = document.getElementById('recs');
  list.replaceChildren();
  for (const it of r.items) {
    know(it.item, it.title);
    const li = el('li', { 'data-item': it.item },
      el('div', { class: 'rec-head' }, el('strong', { class: 'rec-title' }, it.title), ' ',
        el('span', { class: 'tags' }, it.tags.map(facetName).join(' · '))));
    const actions = el('div', { class: 'rec-actions' });
    li.append(actions);
    if (it.explanation) {
      const x = it.explanation;
      const id = 'why-' + it.item.replace(/[^A-Za-z0-9_-]/g, '_');
      const panel = el('div', { class: 'why', id, hidden: openPanels.has(it.item) ? null : '' });
      // the list's sentence (x.text, the template's) is not shown: it names facets untranslated and its wording is
      // the explain module's; every line here is built from the structured fields, in the page's language. For a
      // narrated arm the narrator's sentence is quoted above them once the single explanation answers (narrate)
      const evs = x.events.filter(e => e.contribution !== 0);
      const most = Math.max(0, ...evs.map(e => Math.abs(e.contribution)));
      if (evs.length > 0) {
        const ol = el('ol', { class: 'bars reasons' });
        // the user's explanation arm says how many reasons come before "more" (the sentence names as many)
        const shown = x.armReasons || REASONS_SHOWN;
        evs.slice(0, shown).forEach(e => ol.append(reason(e, most)));
        panel.append(el('h3', { class: 'why-h' }, t('reasons')), ol);
        if (evs.length > shown) {
          const rest = el('ol', { class: 'bars reasons more-reasons', id: id + '-more', start: String(shown + 1),
            hidden: openMore.has(it.item) ? null : '' });
          evs.slice(shown).forEach(e => rest.append(reason(e, most)));
          const n = evs.length - shown;
          const label = open => open ? t('fewerReasons') : T[lang].moreReasons(n);
          const named = open => open ? T[lang].fewerReasonsNamed(it.title) : T[lang].moreReasonsNamed(n, it.title);
          const tog = button('toggle more', label(openMore.has(it.item)), named(openMore.has(it.item)), () => {
            const open = rest.hidden;
            rest.hidden = !open;
            if (open) { openMore.add(it.item); } else { openMore.delete(it.item); }
            tog.setAttribute('aria-expanded', String(open));
            tog.setAttribute('aria-label', named(open));
            tog.textContent = label(open);
          }, { 'aria-expanded': String(openMore.has(it.item)), 'aria-controls': id + '-more' });
          panel.append(rest, tog);
        }
      }
      const facets = (x.facets || []).filter(f => f.contribution > 0).slice(0, 4);
      if (facets.length > 0) {
        panel.append(el('p', { class: 'why-facets' }, t('topics') + ' ', facets.map(f => facetName(f.facet) + ' ' + pct(f.share)).join(' · ')));
      }
      const cf = x.counterfactual;
      if (cf && cf.found && cf.removedEvents.length > 0) {
        const removed = cf.removedEvents;
        panel.append(el('div', { class: 'cf', 'data-rank': cf.newRank },
          el('p', {}, T[lang].cfIf(didAll(removed), cf.newRank)),
          button('exclude-cf', t('exclude'), T[lang].excludeNamed(removed.length, it.title),
            () => edit(() => setExcluded(removed, true), T[lang].tExcluded(removed.length), () => setExcluded(removed, false)))));
      } else if (cf) {
        panel.append(el('p', { class: 'cf cf-none' }, t('cfNone')));
      }
      // a narrated arm's answer names the single explanation the panel quotes (narrate adds it)
      if (x.explanationId && !x.armNarrated) { panel.append(feedback(it, x)); }
      if (x.armNarrated && !panel.hidden) { narrate(it, x, panel); }
      const why = button('why-button', t('why'), T[lang].whyNamed(it.title), () => {
        panel.hidden = !panel.hidden;
        why.setAttribute('aria-expanded', String(!panel.hidden));
        if (panel.hidden) { openPanels.delete(it.item); } else { openPanels.add(it.item); }
        if (x.armNarrated && !panel.hidden) { narrate(it, x, panel); }
      }, { 'aria-expanded': String(!panel.hidden), 'aria-controls': id });
      actions.append(why);
      li.append(panel);
    }
    actions.append(
      button('not-interested', t('notInterested'), T[lang].notInterestedNamed(it.title), () => {
        const id = newEventId('ni', it.item);
        return edit(() => api('POST', `${userPath()}/events`, [{ id, item: it.item, type: 'not_interested', value: 1 }]),
          T[lang].tDismissed(it.title), () => api('DELETE', eventPath(id)));
      }),
      button('more-like', t('moreLike'), T[lang].moreLikeNamed(it.title), () => {
        const id = newEventId('like', it.item);
        return edit(() => api('POST', `${userPath()}/events`, [{ id, item: it.item, type: 'like', value: 1 }]),
          T[lang].tLiked(it.title), () => api('DELETE', eventPath(id)));
      }));
    list.append(li);
  }
}

// The narrator's sentences: the lists carry the template's (a narration per listed item would make a list as slow
// as ten model calls), so a Why? panel of a narrated arm (x.armNarrated) asks for its item's single explanation
// (GET .../explanation, which the configured narrator writes behind its grounding gate) when it is first shown.
const narrations = new Map(); // lang + item -> promise of the single explanation (null on failure), per list

/** The single explanation of an item in the page's language, asked once per list. */
function singleExplanation(item) {
  const key = lang + '\n' + item;
  if (!narrations.has(key)) {
    narrations.set(key, api('GET', `${userPath()}/recommendations/${enc(item)}/explanation?k=10&method=counterfactual&lang=${lang}`)
      .then(r => r.explanation).catch(() => null));
  }
  return narrations.get(key);
}

/**
 * Quotes at the top of a Why? panel the sentence the narrator wrote for the item, when its grounding gate passed
 * it and it was asked in the page's language (a sentence the gate refused is not shown: the structured lines
 * already say what the template would); then adds the "helpful?" question, naming that single explanation's id
 * (which says who wrote the sentence), or the list's id when the single explanation could not be had.
 */
async function narrate(it, x, panel) {
  if (panel.dataset.narration) { return; }
  panel.dataset.narration = 'asked';
  const asked = lang;
  const y = await singleExplanation(it.item);
  if (!panel.isConnected || asked !== lang) { return; }
  const n = y && y.narrator;
  if (n && n.grounded && n.name === n.requested && y.text) {
    panel.prepend(el('figure', { class: 'narrated', 'data-narrator': n.name },
      el('blockquote', { class: 'narrated-text' }, y.text),
      el('figcaption', { class: 'narrated-by' }, T[lang].narratedBy(n.name))));
    panel.dataset.narration = 'shown';
  } else {
    panel.dataset.narration = 'none';
  }
  const answer = y && y.explanationId ? y : x;
  if (answer.explanationId) { panel.append(feedback(it, answer)); }
}

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
    out.push(el('p', { class: 'wn-muted' }, t('wnMuted'), ' ', a.mutedTags.map(facetName).join(' · ')));
  }
  if (a.holdingBack && a.holdingBack.length > 0) {
    const most = Math.max(...a.holdingBack.map(b => Math.abs(b.contribution))) || 1;
    const ol = el('ol', { class: 'bars wn-holding' });
    for (const b of a.holdingBack.slice(0, 8)) {
      know(b.item, b.title);
      ol.append(el('li', {}, el('span', {}, b.title), bar(b.contribution / most, true, b.title + ': ' + b.contribution.toFixed(2)),
        el('span', { class: 'pct', 'aria-hidden': 'true' }, b.contribution.toFixed(2))));
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
        const what = e ? [typeLabel(e), ...(e.ts ? [date(e.ts)] : [])].join(', ') : '';
        ul.append(el('li', { 'data-event': id }, e ? el('strong', {}, e.title) : id, e ? ' ' : '', e ? el('span', { class: 'tags' }, what) : ''));
      }
      parts.push(el('p', {}, t('wnRemove')), ul);
    }
    for (const [key, list, part] of [['wnAdd', c.addedItems, 'add'], ['wnDismiss', c.dismissedItems || [], 'dismiss']]) {
      if (list.length === 0) { continue; }
      const ul = el('ul', { class: 'wn-change-items', 'data-part': part });
      for (const it of list) {
        know(it.item, it.title);
        ul.append(el('li', { 'data-item': it.item }, el('strong', {}, it.title), ' ', el('span', { class: 'tags' }, (it.tags || []).map(facetName).join(' · '))));
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

let renderSeq = 0;

async function render() {
  const seq = ++renderSeq;
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('docTitle');
  document.getElementById('lang').value = lang;
  document.querySelectorAll('[data-t]').forEach(n => { n.textContent = t(n.getAttribute('data-t')); });
  if (!user || !token) {
    document.getElementById('login').hidden = false;
    document.getElementById('main').hidden = true;
    return;
  }
  document.getElementById('login').hidden = true;
  document.getElementById('main').hidden = false;
  try {
    const [p, r] = await Promise.all([
      api('GET', `${userPath()}/profile?lang=${lang}`),
      api('GET', `${userPath()}/recommendations?k=10&explain=true&method=counterfactual&lang=${lang}`)]);
    if (seq !== renderSeq) { return; }
    narrations.clear(); // a new list: its explanations may have changed, so the narrator is asked again
    renderProfile(p);
    renderRecs(r);
    status('');
  } catch (e) { status(e.message); }
  loadCatalogue();
  refreshWhyNot(); // in the new language, and after an edit that may have changed the answer
}

/** A changed fragment (another #user= link, or another lang=) loads that user or language. */
function onHash() {
  const before = user + '\n' + token;
  readHash();
  if (user + '\n' + token !== before) {
    known.clear(); events.clear(); catalogue = null; whyNot = null; ++whyNotSeq;
    openPanels.clear(); openMore.clear(); showAllFacets = false; showAllEvents = false;
    document.getElementById('whyNotTitles').replaceChildren();
    document.getElementById('whyNotAnswer').replaceChildren();
    hideToast();
  }
  keepLang();
  render();
}

readHash();
keepLang();
document.getElementById('lang').addEventListener('change', e => { lang = e.target.value; keepLang(); render(); });
window.addEventListener('hashchange', onHash);
document.getElementById('whyNotForm').addEventListener('submit', e => {
  e.preventDefault();
  whyNot = { query: document.getElementById('whyNotInput').value.trim() };
  refreshWhyNot();
});
document.getElementById('personalized').addEventListener('change', e =>
  edit(() => api('PUT', `${userPath()}/personalization`, { enabled: e.target.checked })));
render();
