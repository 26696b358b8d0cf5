import type Router from '@koa/router';
import { type ConsolePage, layout } from '../../console/layout.js';
import type { GongContext } from '../../context.js';
import { people } from '../../db/schema.js';
import { type AppAccount, userMappings } from '../../people/user-mapping.js';
import { escapeHtml } from '../html.js';

const HOW: Record<NonNullable<AppAccount['by']>, string> = {
  config: 'config file',
  union_id: 'same Lark union_id as in another app',
  mobile: 'mobile',
  email: 'e-mail',
  cli: 'gong users link',
};

/** Each configured user's id in every DingTalk and Lark app, and the chat members linked to nobody. */
export function consoleUserRoutes(router: Router, gong: GongContext, page: ConsolePage): void {
  router.get('/users', async (ctx) => {
    const seen = await gong.database.db.select().from(people).orderBy(people.platform, people.app, people.name);
    const { users, unlinked } = userMappings(gong.config, seen);
    const cell = (text: string) => `<td>${escapeHtml(text)}</td>`;
    const userRows = users
      .flatMap(({ user, accounts }) =>
        (accounts.length ? accounts : [undefined]).map((a, i) => {
          const head = i === 0 ? `<th scope="row" rowspan="${Math.max(accounts.length, 1)}">${escapeHtml(user)}</th>` : '';
          if (!a) return `<tr>${head}<td colspan="4" class="muted">No DingTalk or Lark app is configured.</td></tr>`;
          const id = a.id ? `<td><code>${escapeHtml(a.id)}</code></td>` : '<td class="muted">not known in this app yet: mentioned by name</td>';
          return `<tr>${head}${cell(`${a.platform} / ${a.app}`)}${id}${cell(a.by ? HOW[a.by] : '')}${cell(a.seenAs ?? '')}</tr>`;
        }),
      )
      .join('');
    const strangerRows = unlinked.map((row) => `<tr>${cell(`${row.platform} / ${row.app}`)}<td><code>${escapeHtml(row.platformId)}</code></td>${cell(row.name)}</tr>`).join('');
    ctx.type = 'html';
    ctx.body = layout(
      { title: 'Users', section: 'users', csrf: page.csrf(ctx), sandbox: page.sandbox },
      `<h1>Users and their chat accounts</h1>
<p class="panel">A person has an id per app where the platform makes it so (a Lark open_id differs per app; two DingTalk apps may be two organisations).
Gong names clickers after the user behind the account, and @-mentions each user with the id of the app that posts.
Ids come from <code>users:</code> in the config file, or are learnt when someone clicks or writes: by the Lark union_id, mobile or e-mail.</p>
${userRows ? `<table><thead><tr><th scope="col">User</th><th scope="col">App</th><th scope="col">Id</th><th scope="col">Linked by</th><th scope="col">Seen as</th></tr></thead><tbody>${userRows}</tbody></table>` : '<p class="muted">No users are configured (<code>users:</code> in the config file).</p>'}
<h2>Seen in chats, linked to nobody</h2>
${strangerRows ? `<p>Link one with <code>gong users link &lt;user&gt; lark:&lt;open_id&gt; --app &lt;app&gt;</code> (or <code>dingtalk:&lt;userId&gt;</code>).</p><table><thead><tr><th scope="col">App</th><th scope="col">Id</th><th scope="col">Name</th></tr></thead><tbody>${strangerRows}</tbody></table>` : '<p class="muted">Nobody.</p>'}`,
    );
  });
}
