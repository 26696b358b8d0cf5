import type { GuardedRouter } from '../../shared/guarded-router.js';
import type { Context } from 'koa';
import { chatJson } from '../../chats/chat-json.js';
import type { DeliveryStatuses } from '../../delivery/delivery-status.js';
import type { SendTestMessage } from '../../delivery/test-message.js';
import { chatForm, checkChatForm, fieldName, type FieldErrors, isChatField, publishName, typeName } from '../chat-form.js';
import { setFlash, takeFlash } from '../flash.js';
import { type ConsolePage, csrfField, layout } from '../layout.js';
import { previewHtml } from '../preview.js';
import { formOf } from '../session.js';
import { richText } from '../rich-text.js';
import type { Words } from '../words.js';
import { consoleClock } from '../console-time.js';
import { ChatError, type ChatEntry, type ChatRegistry } from '../../chats/chat-registry.js';
import type { ChatOrigin, DeliveryStatus } from '../../chats/chat-json.js';
import type { BrokenChat } from '../../chats/chat-store.js';
import { PUBLISH_KINDS } from '../../config/routing-schema.js';
import { maskUrl } from '../../shared/mask-secrets.js';
import { escapeHtml } from '../../http/html.js';

export interface ConsoleChatDeps {
  /** The configured time zone: delivery times and daily statistics are given in it. */
  timezone: string;
  chats: ChatRegistry;
  deliveries: DeliveryStatuses;
  sendTestMessage: SendTestMessage;
}

type Flash = { ok: boolean; text: string };

/** Chats: list and search, create, edit, delete (after asking), send a test message, preview the card. */
export function consoleChatRoutes(router: GuardedRouter, deps: ConsoleChatDeps, page: ConsolePage): void {
  const { chats, deliveries } = deps;
  const frame = (ctx: Context, title: string, body: string, flash?: Flash) => {
    ctx.type = 'html';
    ctx.body = layout({ title, section: 'chats', words: page.words(ctx), path: ctx.url, csrf: page.csrf(ctx), sandbox: page.sandbox, ...(flash ? { flash } : takeFlash(ctx)) }, body);
  };
  const json = async (entry: ChatEntry) => chatJson(entry.chat, entry.origin, await deliveries.get(entry.chat.name));
  const target = (chat: ChatEntry['chat']) =>
    escapeHtml('chatId' in chat ? chat.chatId : 'conversationId' in chat ? chat.conversationId : 'webhook' in chat ? maskUrl(chat.webhook) : '');
  const path = (name: string) => `/console/chats/${encodeURIComponent(name)}`;

  router.get('/chats', page.signedIn, async (ctx) => {
    const words = page.words(ctx);
    const { t } = words;
    const q = typeof ctx.query.q === 'string' ? ctx.query.q.slice(0, 200) : '';
    const entries = chats.list(q);
    const statuses = await deliveries.of(entries.map((entry) => entry.chat.name));
    const cell = (label: string, html: string, attributes = '') => `<td data-label="${escapeHtml(label)}"${attributes}>${html}</td>`;
    const columns = {
      type: t('chats.columnType'),
      target: t('chats.columnTarget'),
      origin: t('chats.columnOrigin'),
      hears: t('chats.columnHears'),
      delivery: t('chats.columnDelivery'),
      actions: t('chats.columnActions'),
    };
    const rows = entries
      .map((entry) => {
        const { chat } = entry;
        const name = escapeHtml(chat.name);
        const named = (key: string) => ` aria-label="${escapeHtml(key)}"`;
        const actions = [
          `<form method="post" action="${path(chat.name)}/test" class="inline">${csrfField(page.csrf(ctx))}<button type="submit"${named(t('chats.sendTestLabel', { name: chat.name }))}>${escapeHtml(t('chats.sendTest'))}</button></form>`,
          `<a class="button" href="${path(chat.name)}/preview"${named(t('chats.previewLabel', { name: chat.name }))}>${escapeHtml(t('chats.preview'))}</a>`,
          ...(entry.origin === 'database'
            ? [
                `<a class="button" href="${path(chat.name)}/edit"${named(t('chats.editLabel', { name: chat.name }))}>${escapeHtml(t('chats.edit'))}</a>`,
                `<a class="button danger" href="${path(chat.name)}/delete"${named(t('chats.deleteLabel', { name: chat.name }))}>${escapeHtml(t('chats.delete'))}</a>`,
              ]
            : []),
        ].join('');
        return `<tr data-chat="${name}"><th scope="row">${name}</th>${cell(columns.type, escapeHtml(typeName(words, chat.type)))}${cell(columns.target, `<code>${target(chat)}</code>`)}
${cell(columns.origin, escapeHtml(originName(words, entry.origin)), ' class="chat-origin"')}
${cell(columns.hears, hears(words, chat), ' class="chat-hears"')}
${cell(columns.delivery, lastDeliveryHtml(words, statuses.get(chat.name)), ' class="chat-delivery"')}
${cell(columns.actions, `<div class="row-actions">${actions}</div>`)}</tr>`;
      })
      .join('');
    // Stored rows Gong cannot read: shown with the reason, so an admin can delete (or re-save) them.
    const brokenRows = chats
      .broken(q)
      .map((row) => {
        const name = escapeHtml(row.name);
        return `<tr data-chat="${name}" class="broken"><th scope="row">${name}</th>${cell(columns.type, escapeHtml(typeName(words, row.type)))}${cell(columns.target, '—', ' class="muted"')}${cell(columns.origin, escapeHtml(originName(words, 'database')), ' class="chat-origin"')}
${cell(columns.hears, '—', ' class="muted"')}${cell(columns.delivery, `<span class="state state-triggered">${escapeHtml(t('chats.broken'))}</span><br><span class="delivery-error">${escapeHtml(t('chats.brokenReason', { reason: row.reason }))}</span>`, ' class="chat-delivery"')}
${cell(columns.actions, `<div class="row-actions"><a class="button danger" href="${path(row.name)}/delete" aria-label="${escapeHtml(t('chats.deleteLabel', { name: row.name }))}">${escapeHtml(t('chats.delete'))}</a></div>`)}</tr>`;
      })
      .join('');
    const allRows = rows + brokenRows;
    const head = `<thead><tr><th scope="col">${escapeHtml(t('chats.columnName'))}</th>${Object.values(columns).map((label) => `<th scope="col">${escapeHtml(label)}</th>`).join('')}</tr></thead>`;
    frame(
      ctx,
      t('chats.title'),
      `<h1>${escapeHtml(t('chats.heading'))}</h1>
<p class="muted">${escapeHtml(t('chats.intro'))}</p>
<form class="filters" method="get" action="/console/chats" role="search"><div><label for="q">${escapeHtml(t('chats.search'))}</label><input id="q" name="q" type="search" value="${escapeHtml(q)}" placeholder="${escapeHtml(t('chats.searchPlaceholder'))}"></div>
<div><button type="submit">${escapeHtml(t('chats.searchButton'))}</button></div><div><a class="button primary" href="/console/chats/new">${escapeHtml(t('chats.new'))}</a></div></form>
${allRows ? `<table class="stack">${head}<tbody>${allRows}</tbody></table>` : `<p class="muted">${escapeHtml(q ? t('chats.noneMatch', { q }) : t('chats.noneYet'))}</p>`}`,
    );
  });

  router.get('/chats/new', page.signedIn, (ctx) => {
    const words = page.words(ctx);
    frame(ctx, words.t('chats.newTitle'), `<p><a href="/console/chats">← ${escapeHtml(words.t('chats.back'))}</a></p><h1>${escapeHtml(words.t('chats.newTitle'))}</h1>${chatForm({ csrf: page.csrf(ctx), words, action: '/console/chats' })}`);
  });

  router.post('/chats', page.signedIn, async (ctx) => {
    const words = page.words(ctx);
    const { t } = words;
    const { input, errors } = checkChatForm(formOf(ctx), words);
    const refuse = (status: number, refused: FieldErrors) => {
      ctx.status = status;
      frame(ctx, t('chats.newTitle'), `<p><a href="/console/chats">← ${escapeHtml(t('chats.back'))}</a></p><h1>${escapeHtml(t('chats.newTitle'))}</h1>${chatForm({ csrf: page.csrf(ctx), words, action: '/console/chats', values: input, errors: refused })}`, {
        ok: false,
        text: refusedText(words, refused),
      });
    };
    if (Object.keys(errors).length) return refuse(400, errors);
    try {
      const entry = await chats.create(input);
      setFlash(ctx, true, t('chats.created', { name: entry.chat.name }));
      ctx.redirect('/console/chats');
    } catch (error) {
      if (!(error instanceof ChatError)) throw error;
      if (error.code === 'conflict') return refuse(409, { name: t('chats.errorNameTaken', { name: String(input.name) }) });
      refuse(400, registryRefusal(words, error));
    }
  });

  router.get('/chats/:name/edit', page.signedIn, async (ctx) => {
    const entry = chats.get(ctx.params.name ?? '');
    if (!entry || entry.origin !== 'database') return notEditable(ctx, ctx.params.name ?? '', entry);
    editPage(ctx, await json(entry));
  });

  router.post('/chats/:name', page.signedIn, async (ctx) => {
    const words = page.words(ctx);
    const name = ctx.params.name ?? '';
    const entry = chats.get(name);
    const broken = chats.brokenChat(name);
    if (!broken && (!entry || entry.origin !== 'database')) return notEditable(ctx, name, entry);
    const stored = entry ? await json(entry) : { name, type: broken!.type };
    const { input, errors } = checkChatForm(formOf(ctx), words, { name, type: stored.type });
    if (Object.keys(errors).length) return editPage(ctx, stored, input, errors, 400);
    try {
      await chats.update(name, input);
      setFlash(ctx, true, words.t('chats.saved', { name }));
      ctx.redirect('/console/chats');
    } catch (error) {
      if (!(error instanceof ChatError)) throw error;
      // Changed meanwhile (another admin, another instance): deleted, or no longer ours.
      if (error.code !== 'invalid') return notEditable(ctx, name, chats.get(name));
      editPage(ctx, stored, input, registryRefusal(words, error), 400);
    }
  });

  router.get('/chats/:name/delete', page.signedIn, async (ctx) => {
    const words = page.words(ctx);
    const { t } = words;
    const name = ctx.params.name ?? '';
    const entry = chats.get(name);
    const broken = chats.brokenChat(name);
    if (!broken && (!entry || entry.origin !== 'database')) return notEditable(ctx, name, entry);
    const facts = entry
      ? factsTable(words, entry, (await deliveries.of([name])).get(name))
      : brokenFacts(words, broken!);
    frame(
      ctx,
      t('chats.deleteTitle', { name }),
      `<p><a href="/console/chats">← ${escapeHtml(t('chats.back'))}</a></p><h1>${escapeHtml(t('chats.deleteHeading', { name }))}</h1>
${facts}
<p>${escapeHtml(t('chats.deleteExplain'))}</p>
<form method="post" action="${path(name)}/delete" class="panel">${csrfField(page.csrf(ctx))}
<button type="submit" class="danger">${escapeHtml(t('chats.deleteConfirm', { name }))}</button> <a class="button" href="/console/chats">${escapeHtml(t('chats.cancel'))}</a></form>`,
    );
  });

  router.post('/chats/:name/delete', page.signedIn, async (ctx) => {
    const { t } = page.words(ctx);
    const name = ctx.params.name ?? '';
    try {
      await chats.remove(name);
      setFlash(ctx, true, t('chats.deleted', { name }));
    } catch (error) {
      if (!(error instanceof ChatError)) throw error;
      const entry = chats.get(name);
      setFlash(ctx, false, !entry ? t('chats.noSuchChat', { name: name.slice(0, 100) }) : entry.origin === 'sandbox' ? t('chats.sandboxChat', { name }) : t('chats.configChat', { name }));
    }
    ctx.redirect('/console/chats');
  });

  router.post('/chats/:name/test', page.signedIn, async (ctx) => {
    const words = page.words(ctx);
    const { t } = words;
    const name = ctx.params.name ?? '';
    const broken = chats.brokenChat(name);
    if (broken) {
      setFlash(ctx, false, t('chats.testBroken', { name, reason: broken.reason }));
      return ctx.redirect('/console/chats');
    }
    if (!chats.get(name)) return notEditable(ctx, name, undefined);
    const result = await deps.sendTestMessage(name);
    const outcome = result.ok
      ? t('chats.testSent', { name, answer: result.answer })
      : result.retryAfterSeconds === undefined
        ? t('chats.testFailed', { name, error: result.error })
        : t('chats.testNotSent', { name, error: result.error });
    setFlash(ctx, result.ok, outcome);
    ctx.redirect('/console/chats');
  });

  router.get('/chats/:name/preview', page.signedIn, (ctx) => {
    const { t } = page.words(ctx);
    const entry = chats.get(ctx.params.name ?? '');
    if (!entry) return notEditable(ctx, ctx.params.name ?? '', entry);
    const name = entry.chat.name;
    frame(
      ctx,
      t('chats.previewTitle', { name }),
      `<p><a href="/console/chats">← ${escapeHtml(t('chats.back'))}</a></p><h1>${escapeHtml(t('chats.previewHeading', { name }))}</h1>
<p class="muted">${escapeHtml(t('chats.previewExplain', { type: typeName(page.words(ctx), entry.chat.type) }))}</p>
<div class="panel">${previewHtml(chats.look(name), entry.chat)}</div>`,
    );
  });

  function editPage(ctx: Context, chat: Parameters<typeof chatForm>[0]['chat'] | { name: string; type: string }, values?: Record<string, unknown>, errors?: FieldErrors, status = 200): void {
    const words = page.words(ctx);
    const { t } = words;
    const name = chat!.name;
    ctx.status = status;
    frame(
      ctx,
      t('chats.editTitle', { name }),
      `<p><a href="/console/chats">← ${escapeHtml(t('chats.back'))}</a></p><h1>${escapeHtml(t('chats.editHeading', { name }))}</h1>${chatForm({
        csrf: page.csrf(ctx),
        words,
        chat: chat as Parameters<typeof chatForm>[0]['chat'],
        action: path(name),
        ...(values && { values }),
        ...(errors && { errors }),
      })}`,
      errors ? { ok: false, text: refusedText(words, errors) } : undefined,
    );
  }

  /** The last send from any instance: its outcome, and the latest failure even after a success. */
  function lastDeliveryHtml(words: Words, status: DeliveryStatus | undefined): string {
    const { t } = words;
    if (!status) return `<span class="muted">${escapeHtml(t('chats.nothingSent'))}</span>`;
    const when = consoleClock(deps.timezone).stamp;
    const head = status.ok
      ? `<span class="state state-resolved">${escapeHtml(t('chats.deliveryOk'))}</span> ${when(status.at)}`
      : `<span class="state state-triggered">${escapeHtml(t('chats.deliveryFailed'))}</span> ${when(status.at)}<br><span class="delivery-error">${escapeHtml(status.error ?? '')}</span>`;
    const earlier = status.ok && status.lastFailure
      ? `<br><span class="muted">${escapeHtml(t('chats.lastError'))} ${when(status.lastFailure.at)}: ${escapeHtml(status.lastFailure.error)}</span>`
      : '';
    return head + earlier;
  }

  /** Which changes the chat also gets as messages, and when its daily statistics arrive. */
  function hears(words: Words, chat: ChatEntry['chat']): string {
    const { t } = words;
    const none = `<span class="muted">${escapeHtml(t('chats.none'))}</span>`;
    const kinds = chat.publish.filter((kind) => PUBLISH_KINDS.includes(kind));
    const publish = kinds.length ? escapeHtml(kinds.map((kind) => publishName(words, kind)).join(t('chats.listSeparator'))) : none;
    const stats = chat.dailyStats.length
      ? `${escapeHtml(chat.dailyStats.map((clock) => clock.text).join(', '))} <span class="muted">(${escapeHtml(deps.timezone)})</span>`
      : none;
    return `${richText([publish], ([list]) => t('chats.publishes', { list: list! }))}<br>${richText([stats], ([list]) => t('chats.dailyStats', { list: list! }))}`;
  }

  /** What the confirmation page shows of the chat about to go. */
  function factsTable(words: Words, entry: ChatEntry, status: DeliveryStatus | undefined): string {
    const { t } = words;
    const row = (label: string, html: string) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${html}</td></tr>`;
    return `<table class="facts">${row(t('chats.columnName'), `<strong>${escapeHtml(entry.chat.name)}</strong>`)}${row(t('chats.columnType'), escapeHtml(typeName(words, entry.chat.type)))}${row(
      t('chats.columnTarget'),
      `<code>${target(entry.chat)}</code>`,
    )}${row(t('chats.columnHears'), hears(words, entry.chat))}${row(t('chats.columnDelivery'), lastDeliveryHtml(words, status))}</table>`;
  }

  function brokenFacts(words: Words, row: BrokenChat): string {
    const { t } = words;
    return `<table class="facts"><tr><th scope="row">${escapeHtml(t('chats.columnName'))}</th><td><strong>${escapeHtml(row.name)}</strong></td></tr><tr><th scope="row">${escapeHtml(t('chats.columnType'))}</th><td>${escapeHtml(typeName(words, row.type))}</td></tr><tr><th scope="row">${escapeHtml(t('chats.broken'))}</th><td>${escapeHtml(t('chats.brokenReason', { reason: row.reason }))}</td></tr></table>`;
  }

  function notEditable(ctx: Context, name: string, entry: ChatEntry | undefined) {
    const { t } = page.words(ctx);
    ctx.status = entry ? 409 : 404;
    const [heading, explain] = !entry
      ? [t('chats.noSuchChat', { name: name.slice(0, 100) }), '']
      : entry.origin === 'sandbox'
        ? [t('chats.sandboxChat', { name }), t('chats.sandboxChatExplain')]
        : [t('chats.configChat', { name }), t('chats.configChatExplain')];
    frame(ctx, t('chats.title'), `<h1>${escapeHtml(heading)}</h1><p>${escapeHtml(explain)} <a href="/console/chats">${escapeHtml(t('chats.back'))}</a></p>`);
  }
}

/** Where a chat comes from, as its row says. */
function originName(words: Words, origin: ChatOrigin): string {
  const { t } = words;
  switch (origin) {
    case 'config': return t('chats.originConfig');
    case 'sandbox': return t('chats.originSandbox');
    case 'database': return t('chats.originDatabase');
  }
}

/** The flash over a refused form: how many fields, and the first one's message. */
function refusedText(words: Words, errors: FieldErrors): string {
  const messages = Object.values(errors);
  return messages.length > 1 ? words.t('chats.refusedMany', { first: messages[0]!, count: messages.length - 1 }) : words.t('chats.refused', { first: messages[0] ?? '' });
}

/** A refusal of the chat rules themselves (what the form's own checks let through): put on its field. */
function registryRefusal(words: Words, error: ChatError): FieldErrors {
  const [first] = error.path;
  const field = isChatField(first) ? first : 'type';
  // The rule's own words after the field's name: they never repeat a secret value (see url-schema.ts).
  const reason = error.message.replace(/^[^:]*:\s*/, '');
  return { [field]: words.t('chats.errorRule', { field: fieldName(words, field), reason }) };
}
