import type { GuardedRouter } from '../../shared/guarded-router.js';
import type { Context } from 'koa';
import { setFlash, takeFlash } from '../flash.js';
import { type ConsolePage, layout } from '../layout.js';
import { formOf } from '../session.js';
import { accountFromForm, linkForm, linkSeenForm, unlinkForm } from '../user-link-forms.js';
import type { ParsedConfig } from '../../config/schema.js';
import type { Db } from '../../db/client.js';
import { LinkError, linkPerson, linkTarget, seenAccounts, unlinkPerson } from '../../people/link.js';
import { type AppAccount, userMappings } from '../../people/user-mapping.js';
import { escapeHtml } from '../../http/html.js';

const HOW: Record<NonNullable<AppAccount['by']>, string> = {
  config: 'config file',
  union_id: 'same Lark union_id as in another app',
  mobile: 'mobile',
  email: 'e-mail',
  cli: 'by hand (console or gong users link)',
};

/** Each configured user's id in every DingTalk and Lark app, the chat members linked to nobody, and forms to link and unlink. */
export function consoleUserRoutes(router: GuardedRouter, deps: { config: Pick<ParsedConfig, 'users' | 'dingtalk' | 'lark'>; db: Db }, page: ConsolePage): void {
  const { config, db } = deps;
  router.get('/users', page.signedIn, async (ctx) => {
    const csrf = page.csrf(ctx);
    const seen = await seenAccounts(db);
    const { users, unlinked } = userMappings(config, seen);
    const cell = (text: string) => `<td>${escapeHtml(text)}</td>`;
    const userRows = users
      .flatMap(({ user, accounts }) =>
        (accounts.length ? accounts : [undefined]).map((a, i) => {
          const head = i === 0 ? `<th scope="row" rowspan="${Math.max(accounts.length, 1)}">${escapeHtml(user)}</th>` : '';
          if (!a) return `<tr>${head}<td colspan="5" class="muted">No DingTalk or Lark app is configured.</td></tr>`;
          const id = a.id ? `<td><code>${escapeHtml(a.id)}</code></td>` : '<td class="muted">not known in this app yet: mentioned by name</td>';
          const unlink = a.id && a.by === 'cli' ? unlinkForm(csrf, user, { platform: a.platform, app: a.app, id: a.id }) : '';
          return `<tr data-user="${escapeHtml(user)}">${head}${cell(`${a.platform} / ${a.app}`)}${id}${cell(a.by ? HOW[a.by] : '')}${cell(a.seenAs ?? '')}<td>${unlink}</td></tr>`;
        }),
      )
      .join('');
    const strangerRows = unlinked
      .map((row, n) => {
        const link = users.length ? linkSeenForm(config, csrf, { platform: row.platform, app: row.app, id: row.platformId }, n) : '';
        return `<tr data-account="${escapeHtml(row.platformId)}">${cell(`${row.platform} / ${row.app}`)}<td><code>${escapeHtml(row.platformId)}</code></td>${cell(row.name)}<td>${link}</td></tr>`;
      })
      .join('');
    ctx.type = 'html';
    ctx.body = layout(
      { title: 'Users', section: 'users', words: page.words(ctx), path: ctx.url, csrf, sandbox: page.sandbox, ...takeFlash(ctx) },
      `<h1>Users and their chat accounts</h1>
<p class="panel">A person has an id per app where the platform makes it so (a Lark open_id differs per app; two DingTalk apps may be two organisations).
Gong names clickers after the user behind the account, and @-mentions each user with the id of the app that posts.
Ids come from <code>users:</code> in the config file, are learnt when someone clicks or writes (by the Lark union_id, mobile or e-mail), or are linked by hand here or with <code>gong users link</code>.</p>
${userRows ? `<table><thead><tr><th scope="col">User</th><th scope="col">App</th><th scope="col">Id</th><th scope="col">Linked by</th><th scope="col">Seen as</th><th scope="col">Actions</th></tr></thead><tbody>${userRows}</tbody></table>` : '<p class="muted">No users are configured (<code>users:</code> in the config file).</p>'}
${users.length ? linkForm(config, csrf) : ''}
<h2>Seen in chats, linked to nobody</h2>
${strangerRows ? `<table><thead><tr><th scope="col">App</th><th scope="col">Id</th><th scope="col">Name</th><th scope="col">Link to</th></tr></thead><tbody>${strangerRows}</tbody></table>` : '<p class="muted">Nobody.</p>'}`,
    );
  });

  router.post('/users/link', page.signedIn, async (ctx) => {
    await answer(ctx, async () => {
      const target = linkTarget(config, accountFromForm(formOf(ctx)));
      const outcome = await linkPerson(db, target.user, target.platform, target.app, target.platformId);
      return `${target.platform}:${target.platformId} in app ${target.app} is ${target.user}${outcome === 'created' ? ' (not seen in a chat yet)' : ''}.`;
    });
  });

  router.post('/users/unlink', page.signedIn, async (ctx) => {
    await answer(ctx, async () => {
      const target = linkTarget(config, accountFromForm(formOf(ctx)));
      const account = `${target.platform}:${target.platformId} in app ${target.app}`;
      if (!(await unlinkPerson(db, target.user, target.platform, target.app, target.platformId))) throw new LinkError(`${account} is not linked to ${target.user}`);
      return `${account} is no longer linked to ${target.user}.`;
    });
  });

  /** Post/Redirect/Get: the outcome (or the refusal) shows once on the users page. */
  async function answer(ctx: Context, run: () => Promise<string>): Promise<void> {
    try {
      setFlash(ctx, true, await run());
    } catch (error) {
      if (!(error instanceof LinkError)) throw error;
      setFlash(ctx, false, error.message);
    }
    ctx.redirect('/console/users');
  }
}
