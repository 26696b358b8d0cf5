import type { GuardedRouter } from '../../shared/guarded-router.js';
import type { Context } from 'koa';
import { setFlash, takeFlash } from '../flash.js';
import { type ConsolePage, layout } from '../layout.js';
import { code, richText } from '../rich-text.js';
import { formOf } from '../session.js';
import { accountFromForm, linkForm, linkSeenForm, platformName, unlinkForm } from '../user-link-forms.js';
import type { Words } from '../words.js';
import type { ParsedConfig } from '../../config/schema.js';
import type { Db } from '../../db/client.js';
import { LinkError, linkPerson, linkTarget, seenAccounts, unlinkPerson } from '../../people/link.js';
import { type AppAccount, userMappings } from '../../people/user-mapping.js';
import { escapeHtml } from '../../http/html.js';

/** How an account came to be linked, as people say it. */
function how(words: Words, by: NonNullable<AppAccount['by']>): string {
  const { t } = words;
  switch (by) {
    case 'config': return t('users.byConfig');
    case 'union_id': return t('users.byUnionId');
    case 'mobile': return t('users.byMobile');
    case 'email': return t('users.byEmail');
    case 'cli': return t('users.byHand');
  }
}

type Flash = { ok: boolean; text: string };

/** Each configured user's id in every DingTalk and Lark app, the chat members linked to nobody, and forms to link and unlink. */
export function consoleUserRoutes(router: GuardedRouter, deps: { config: Pick<ParsedConfig, 'users' | 'dingtalk' | 'lark'>; db: Db }, page: ConsolePage): void {
  const { config, db } = deps;

  async function usersPage(ctx: Context, flash?: Flash): Promise<void> {
    const words = page.words(ctx);
    const { t } = words;
    const csrf = page.csrf(ctx);
    const seen = await seenAccounts(db);
    const { users, unlinked } = userMappings(config, seen);
    const columns = [t('users.columnApp'), t('users.columnId'), t('users.columnHow'), t('users.columnSeenAs'), t('users.columnActions')];
    const cell = (n: number, html: string, attributes = '') => `<td data-label="${escapeHtml(columns[n]!)}"${attributes}>${html}</td>`;
    const appName = (platform: string, app: string) => escapeHtml(`${platformName(words, platform)} / ${app}`);
    const userRows = users
      .flatMap(({ user, accounts }) =>
        (accounts.length ? accounts : [undefined]).map((a, i) => {
          const head = i === 0 ? `<th scope="row" rowspan="${Math.max(accounts.length, 1)}">${escapeHtml(user)}</th>` : '';
          if (!a) return `<tr>${head}<td colspan="5" class="muted">${escapeHtml(t('users.noApps'))}</td></tr>`;
          const id = a.id ? cell(1, `<code>${escapeHtml(a.id)}</code>`) : cell(1, escapeHtml(t('users.notKnownYet')), ' class="muted"');
          const unlink = a.id && a.by === 'cli' ? unlinkForm(csrf, user, { platform: a.platform, app: a.app, id: a.id }, words) : '';
          return `<tr data-user="${escapeHtml(user)}">${head}${cell(0, appName(a.platform, a.app))}${id}${cell(2, a.by ? escapeHtml(how(words, a.by)) : '')}${cell(3, escapeHtml(a.seenAs ?? ''))}${cell(4, unlink)}</tr>`;
        }),
      )
      .join('');
    const strangerColumns = [t('users.columnApp'), t('users.columnId'), t('users.columnName'), t('users.columnLinkTo')];
    const strangerRows = unlinked
      .map((row, n) => {
        const link = users.length ? linkSeenForm(config, csrf, { platform: row.platform, app: row.app, id: row.platformId }, n, words) : '';
        const values = [appName(row.platform, row.app), `<code>${escapeHtml(row.platformId)}</code>`, escapeHtml(row.name), link];
        return `<tr data-account="${escapeHtml(row.platformId)}">${values.map((html, i) => `<td data-label="${escapeHtml(strangerColumns[i]!)}">${html}</td>`).join('')}</tr>`;
      })
      .join('');
    const usersKey = code('users:');
    ctx.type = 'html';
    ctx.body = layout(
      { title: t('users.title'), section: 'users', words, path: ctx.url, csrf, sandbox: page.sandbox, ...(flash ? { flash } : takeFlash(ctx)) },
      `<h1>${escapeHtml(t('users.heading'))}</h1>
<p class="panel">${richText([usersKey, code('gong users link')], ([users, cli]) => t('users.intro', { users: users!, cli: cli! }))}</p>
${userRows ? `<table class="stack"><thead><tr><th scope="col">${escapeHtml(t('users.columnUser'))}</th>${columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${userRows}</tbody></table>` : `<p class="muted">${richText([usersKey], ([users]) => t('users.noUsers', { users: users! }))}</p>`}
${users.length ? linkForm(config, csrf, words) : ''}
<h2>${escapeHtml(t('users.strangers'))}</h2>
${strangerRows ? `<table class="stack"><thead><tr>${strangerColumns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${strangerRows}</tbody></table>` : `<p class="muted">${escapeHtml(t('users.nobody'))}</p>`}`,
    );
  }

  router.get('/users', page.signedIn, (ctx) => usersPage(ctx));

  router.post('/users/link', page.signedIn, async (ctx) => {
    await answer(ctx, false, async (words, input) => {
      const target = linkTarget(config, input);
      const outcome = await linkPerson(db, target.user, target.platform, target.app, target.platformId);
      const values = { account: `${target.platform}:${target.platformId}`, app: target.app, user: target.user };
      return outcome === 'created' ? words.t('users.linkedNew', values) : words.t('users.linked', values);
    });
  });

  router.post('/users/unlink', page.signedIn, async (ctx) => {
    await answer(ctx, true, async (words, input) => {
      const target = linkTarget(config, input);
      const values = { account: `${target.platform}:${target.platformId}`, app: target.app, user: target.user };
      if (!(await unlinkPerson(db, target.user, target.platform, target.app, target.platformId))) throw new LinkError(words.t('users.notLinked', values));
      return words.t('users.unlinked', values);
    });
  });

  /**
   * Post/Redirect/Get: the outcome shows once on the users page. A refusal changes nothing and
   * answers 400 with the page and what to fix.
   */
  async function answer(ctx: Context, anyApp: boolean, run: (words: Words, input: { user: string; platform: string; app: string; id: string }) => Promise<string>): Promise<void> {
    const words = page.words(ctx);
    const input = accountFromForm(formOf(ctx), config, words, anyApp);
    let text: string;
    try {
      if ('error' in input) throw new LinkError(input.error);
      text = await run(words, input);
    } catch (error) {
      if (!(error instanceof LinkError)) throw error;
      ctx.status = 400;
      return usersPage(ctx, { ok: false, text: error.message });
    }
    setFlash(ctx, true, text);
    ctx.redirect('/console/users');
  }
}
