import type { GuardedRouter } from '../../shared/guarded-router.js';
import type { Context } from 'koa';
import { brokenChatMessage, chatJson } from '../../chats/chat-json.js';
import type { DeliveryStatuses } from '../../delivery/delivery-status.js';
import type { SendTestMessage } from '../../delivery/test-message.js';
import { chatForm, chatInputFromForm } from '../chat-form.js';
import { setFlash, takeFlash } from '../flash.js';
import { type ConsolePage, csrfField, layout } from '../layout.js';
import { previewHtml } from '../preview.js';
import { formOf } from '../session.js';
import { ChatError, type ChatEntry, type ChatRegistry } from '../../chats/chat-registry.js';
import type { DeliveryStatus } from '../../chats/chat-json.js';
import { maskUrl } from '../../shared/mask-secrets.js';
import { escapeHtml } from '../../http/html.js';
import { CHAT_ERROR_STATUS } from '../../http/routes/chats-api.js';

export interface ConsoleChatDeps {
  /** The time zone daily statistics are given in. */
  timezone: string;
  chats: ChatRegistry;
  deliveries: DeliveryStatuses;
  sendTestMessage: SendTestMessage;
}

/** Chats: list and search, create, edit, delete, send a test message, preview the card. */
export function consoleChatRoutes(router: GuardedRouter, deps: ConsoleChatDeps, page: ConsolePage): void {
  const { chats, deliveries } = deps;
  const frame = (ctx: Context, title: string, body: string, flash?: { ok: boolean; text: string }) => {
    ctx.type = 'html';
    ctx.body = layout({ title, section: 'chats', words: page.words(ctx), path: ctx.url, csrf: page.csrf(ctx), sandbox: page.sandbox, ...(flash ? { flash } : takeFlash(ctx)) }, body);
  };
  const json = async (entry: ChatEntry) => chatJson(entry.chat, entry.origin, await deliveries.get(entry.chat.name));
  const target = (chat: ChatEntry['chat']) =>
    escapeHtml('chatId' in chat ? chat.chatId : 'conversationId' in chat ? chat.conversationId : 'webhook' in chat ? maskUrl(chat.webhook) : '');

  router.get('/chats', page.signedIn, async (ctx) => {
    const q = typeof ctx.query.q === 'string' ? ctx.query.q.slice(0, 200) : '';
    const csrf = page.csrf(ctx);
    const entries = chats.list(q);
    const statuses = await deliveries.of(entries.map((entry) => entry.chat.name));
    const rows = entries
      .map((entry) => {
        const { chat } = entry;
        const name = escapeHtml(chat.name);
        const actions = [
          `<form method="post" action="/console/chats/${name}/test" class="inline">${csrfField(csrf)}<button type="submit">Send test message<span class="sr"> to ${name}</span></button></form>`,
          `<a class="button" href="/console/chats/${name}/preview">Preview<span class="sr"> ${name}</span></a>`,
          ...(entry.origin === 'database'
            ? [
                `<a class="button" href="/console/chats/${name}/edit">Edit<span class="sr"> ${name}</span></a>`,
                `<form method="post" action="/console/chats/${name}/delete" class="inline">${csrfField(csrf)}<button type="submit" class="danger">Delete<span class="sr"> ${name}</span></button></form>`,
              ]
            : []),
        ].join('');
        return `<tr data-chat="${name}"><td><strong>${name}</strong></td><td>${escapeHtml(chat.type)}</td><td><code>${target(chat)}</code></td>
<td>${entry.origin === 'config' ? 'config file (read-only)' : 'console / API'}</td>
<td class="chat-hears">${hears(chat)}</td>
<td class="chat-delivery">${lastDeliveryHtml(statuses.get(chat.name))}</td>
<td><div class="row-actions">${actions}</div></td></tr>`;
      })
      .join('');
    // Stored rows Gong cannot read: shown with the reason, so an admin can delete (or re-save) them.
    const brokenRows = chats
      .broken(q)
      .map((row) => {
        const name = escapeHtml(row.name);
        return `<tr data-chat="${name}" class="broken"><td><strong>${name}</strong></td><td>${escapeHtml(row.type)}</td><td class="muted">—</td><td>console / API</td>
<td class="muted">—</td><td class="chat-delivery"><span class="state state-triggered">broken</span><br><span class="delivery-error">invalid stored settings: ${escapeHtml(row.reason)}</span></td>
<td><div class="row-actions"><form method="post" action="/console/chats/${name}/delete" class="inline">${csrfField(csrf)}<button type="submit" class="danger">Delete<span class="sr"> ${name}</span></button></form></div></td></tr>`;
      })
      .join('');
    const allRows = rows + brokenRows;
    frame(
      ctx,
      'Chats',
      `<h1>Chats</h1>
<form class="filters" method="get" action="/console/chats" role="search"><div><label for="q">Search chats</label><input id="q" name="q" type="search" value="${escapeHtml(q)}" placeholder="name, type, id or keyword"></div>
<div><button type="submit">Search</button></div><div><a class="button primary" href="/console/chats/new">New chat</a></div></form>
${allRows ? `<table><thead><tr><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Group / webhook</th><th scope="col">Defined in</th><th scope="col">Messages besides cards</th><th scope="col">Last delivery</th><th scope="col">Actions</th></tr></thead><tbody>${allRows}</tbody></table>` : `<p class="muted">No chats${q ? ` match “${escapeHtml(q)}”` : ' yet'}.</p>`}`,
    );
  });

  router.get('/chats/new', page.signedIn, (ctx) => frame(ctx, 'New chat', `<h1>New chat</h1>${chatForm({ csrf: page.csrf(ctx), action: '/console/chats' })}`));

  router.post('/chats', page.signedIn, async (ctx) => {
    const input = chatInputFromForm(formOf(ctx));
    try {
      const entry = await chats.create(input);
      setFlash(ctx, true, `Chat ${entry.chat.name} created.`);
      ctx.redirect('/console/chats');
    } catch (error) {
      if (!(error instanceof ChatError)) throw error;
      ctx.status = CHAT_ERROR_STATUS[error.code];
      frame(ctx, 'New chat', `<h1>New chat</h1>${chatForm({ csrf: page.csrf(ctx), action: '/console/chats', values: input })}`, { ok: false, text: error.message });
    }
  });

  router.get('/chats/:name/edit', page.signedIn, async (ctx) => {
    const entry = chats.get(ctx.params.name ?? '');
    if (!entry || entry.origin === 'config') return notEditable(ctx, entry);
    frame(ctx, `Edit ${entry.chat.name}`, `<h1>Edit chat ${escapeHtml(entry.chat.name)}</h1>${chatForm({ csrf: page.csrf(ctx), chat: await json(entry), action: `/console/chats/${escapeHtml(entry.chat.name)}` })}`);
  });

  router.post('/chats/:name', page.signedIn, async (ctx) => {
    const name = ctx.params.name ?? '';
    const input = chatInputFromForm(formOf(ctx));
    try {
      await chats.update(name, { ...input, name });
      setFlash(ctx, true, `Chat ${name} saved.`);
      ctx.redirect('/console/chats');
    } catch (error) {
      if (!(error instanceof ChatError)) throw error;
      const entry = chats.get(name);
      if (!entry || entry.origin === 'config') return notEditable(ctx, entry);
      ctx.status = CHAT_ERROR_STATUS[error.code];
      frame(ctx, `Edit ${name}`, `<h1>Edit chat ${escapeHtml(name)}</h1>${chatForm({ csrf: page.csrf(ctx), chat: await json(entry), values: input, action: `/console/chats/${escapeHtml(name)}` })}`, { ok: false, text: error.message });
    }
  });

  router.post('/chats/:name/delete', page.signedIn, async (ctx) => {
    const name = ctx.params.name ?? '';
    try {
      await chats.remove(name);
      setFlash(ctx, true, `Chat ${name} deleted.`);
    } catch (error) {
      if (!(error instanceof ChatError)) throw error;
      setFlash(ctx, false, error.message);
    }
    ctx.redirect('/console/chats');
  });

  router.post('/chats/:name/test', page.signedIn, async (ctx) => {
    const name = ctx.params.name ?? '';
    const broken = chats.brokenChat(name);
    if (broken) {
      setFlash(ctx, false, `Test message to ${name} not sent: ${brokenChatMessage(broken)}.`);
      return ctx.redirect('/console/chats');
    }
    if (!chats.get(name)) return notEditable(ctx, undefined);
    const result = await deps.sendTestMessage(name);
    const outcome = result.ok
      ? `Test message sent to ${name}: the platform answered ${result.answer}.`
      : `Test message to ${name} ${result.retryAfterSeconds === undefined ? 'failed' : 'not sent'}: ${result.error}`;
    setFlash(ctx, result.ok, outcome);
    ctx.redirect('/console/chats');
  });

  router.get('/chats/:name/preview', page.signedIn, (ctx) => {
    const entry = chats.get(ctx.params.name ?? '');
    if (!entry) return notEditable(ctx, entry);
    frame(
      ctx,
      `Preview ${entry.chat.name}`,
      `<p><a href="/console/chats">← Chats</a></p><h1>Card preview for ${escapeHtml(entry.chat.name)}</h1>
<p class="muted">A sample alert, rendered the way ${escapeHtml(entry.chat.type)} chats receive it. Buttons are inactive here.</p>
<div class="panel">${previewHtml(chats.look(entry.chat.name), entry.chat)}</div>`,
    );
  });

  /** The last send from any instance: its outcome, and the latest failure even after a success. */
  function lastDeliveryHtml(status: DeliveryStatus | undefined): string {
    if (!status) return '<span class="muted">nothing sent yet</span>';
    const when = (iso: string) => `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.slice(0, 19).replace('T', ' '))} UTC</time>`;
    const head = status.ok
      ? `<span class="state state-resolved">ok</span> ${when(status.at)}`
      : `<span class="state state-triggered">failed</span> ${when(status.at)}<br><span class="delivery-error">${escapeHtml(status.error ?? '')}</span>`;
    const earlier = status.ok && status.lastFailure
      ? `<br><span class="muted">last error ${when(status.lastFailure.at)}: ${escapeHtml(status.lastFailure.error)}</span>`
      : '';
    return head + earlier;
  }

  /** Which changes the chat also gets as messages, and when its daily statistics arrive. */
  function hears(chat: ChatEntry['chat']): string {
    const publish = chat.publish.length ? escapeHtml(chat.publish.join(', ')) : '<span class="muted">none</span>';
    const stats = chat.dailyStats.length
      ? `${escapeHtml(chat.dailyStats.map((clock) => clock.text).join(', '))} <span class="muted">(${escapeHtml(deps.timezone)})</span>`
      : '<span class="muted">none</span>';
    return `<span class="muted">Publishes:</span> ${publish}<br><span class="muted">Daily statistics:</span> ${stats}`;
  }

  function notEditable(ctx: Context, entry: ChatEntry | undefined) {
    ctx.status = entry ? 409 : 404;
    frame(ctx, 'Chats', `<h1>${entry ? `Chat ${escapeHtml(entry.chat.name)} is defined in the config file` : 'There is no such chat'}</h1><p>${entry ? 'Change it in gong.yaml and restart Gong.' : ''} <a href="/console/chats">Back to chats</a></p>`);
  }
}
