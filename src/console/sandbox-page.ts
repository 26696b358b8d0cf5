import { escapeHtml } from '../http/html.js';
import { SANDBOX_PEOPLE } from '../sandbox/sandbox-people.js';
import type { Words } from './words.js';

/** The sandbox page: the three groups side by side, who you are, and ways to make things happen, in the reader's language. */
export function sandboxBody(curl: string, words: Words, zone: string): string {
  const { t } = words;
  const titles = { dingtalk: t('sandbox.dingtalkGroup'), lark: t('sandbox.larkGroup'), wecom: t('sandbox.wecomGroup') };
  const feed = (platform: 'dingtalk' | 'lark' | 'wecom') => `<h2 id="${platform}-title">${escapeHtml(titles[platform])}</h2>
<ol class="feed" id="${platform}-feed" aria-live="polite" aria-label="${escapeHtml(t('sandbox.messagesIn', { group: titles[platform] }))}"></ol>`;
  // A WeCom group robot only posts: people act through its signed links, there is nothing to say to it.
  const wecom = `<section class="group wecom" aria-labelledby="wecom-title">${feed('wecom')}
<p class="group-note">${escapeHtml(t('sandbox.wecomNote'))}</p></section>`;
  const group = (platform: 'dingtalk' | 'lark') => `<section class="group ${platform}" aria-labelledby="${platform}-title">
${feed(platform)}
<form class="say" data-platform="${platform}"><label class="sr" for="${platform}-say">${escapeHtml(t('sandbox.sayLabel', { group: titles[platform] }))}</label>
<input id="${platform}-say" name="text" type="text" autocomplete="off" placeholder="${escapeHtml(t('sandbox.sayPlaceholder'))}" required>
<button type="submit">${escapeHtml(t('sandbox.send'))}</button></form></section>`;
  return `<h1>${escapeHtml(t('sandbox.heading'))} <span class="muted">— ${escapeHtml(t('sandbox.subheading', { zone }))}</span></h1>
<div class="filters"><div><label for="person">${escapeHtml(t('sandbox.youAre'))}</label><select id="person">${SANDBOX_PEOPLE.map((p) => `<option value="${p.key}">${p.name}</option>`).join('')}</select></div>
<div><button type="button" id="fire" class="primary">${escapeHtml(t('sandbox.fire'))}</button> <button type="button" id="fire-group">${escapeHtml(t('sandbox.fireGroup'))}</button></div>
<details><summary>${escapeHtml(t('sandbox.withCurl'))}</summary><pre>${escapeHtml(curl)}</pre></details></div>
<div class="groups">${group('dingtalk')}${group('lark')}${wecom}</div>
<div class="toast" id="toast" role="status" data-done="${escapeHtml(t('sandbox.done'))}" data-failed="${escapeHtml(t('sandbox.failed'))}" hidden></div>`;
}

/** Every click and message goes to the local servers, which deliver them to Gong like the real platforms. */
export const SANDBOX_SCRIPT = `
const csrf = document.querySelector('meta[name=csrf-token]').content;
const toastBox = document.getElementById('toast');
let toastTimer;
function toast(text) {
  toastBox.textContent = text; toastBox.hidden = false;
  clearTimeout(toastTimer); toastTimer = setTimeout(() => { toastBox.hidden = true; }, 3500);
}
async function post(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
    body: JSON.stringify({ ...body, person: document.getElementById('person').value }) });
  const answer = await response.json().catch(() => ({}));
  toast(answer.message || answer.error || (response.ok ? toastBox.dataset.done : toastBox.dataset.failed));
  return answer;
}
function clickTarget(element) {
  const message = element.closest('[data-card],[data-message]');
  const data = JSON.parse(element.dataset.click);
  return message.dataset.card
    ? { platform: 'dingtalk', outTrackId: message.dataset.card, ...data }
    : { platform: 'lark', messageId: message.dataset.message, ...data };
}
document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-click]');
  if (button) post('/sandbox/click', clickTarget(button));
});
document.addEventListener('change', (event) => {
  const select = event.target.closest('select[data-click]');
  if (select && select.value) post('/sandbox/click', { ...clickTarget(select), option: select.value });
});
for (const form of document.querySelectorAll('form.say')) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = form.querySelector('input');
    post('/sandbox/say', { platform: form.dataset.platform, text: input.value });
    input.value = '';
  });
}
document.getElementById('fire').addEventListener('click', () => post('/sandbox/fire', {}));
document.getElementById('fire-group').addEventListener('click', () => post('/sandbox/fire-group', {}));
let pending = false;
async function refresh() {
  if (pending) return;
  pending = true;
  await new Promise((resolve) => setTimeout(resolve, 60));
  pending = false;
  const feed = await (await fetch('/sandbox/feed')).json();
  for (const platform of ['dingtalk', 'lark', 'wecom']) {
    const list = document.getElementById(platform + '-feed');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
    // A person picking from a menu keeps it open: redraw that group after they chose.
    if (list.contains(document.activeElement) && document.activeElement.tagName === 'SELECT') { setTimeout(refresh, 500); continue; }
    list.innerHTML = feed[platform];
    if (atBottom) list.scrollTop = list.scrollHeight;
  }
}
new EventSource('/sandbox/events').onmessage = refresh;
refresh();
`;
