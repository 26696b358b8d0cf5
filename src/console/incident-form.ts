import { parseAction } from '../domain/parse-action.js';
import type { Action } from '../domain/lifecycle.js';
import type { Words } from './words.js';

/** The longest comment or resolve note the console takes (the HTML fields say so too). */
export const MAX_NOTE = 2000;
/** The longest assignee name, as the REST API's `actor`. */
export const MAX_USER = 200;

/** The incident page's fields: an action's, merge's `from` and split's `alert`. */
export type ActionField = 'action' | 'user' | 'duration' | 'text' | 'note' | 'from' | 'alert';

export type ReadAction = { ok: true; action: Action } | { ok: false; field: ActionField; message: string; value: string };

/**
 * An action from the incident page's form, validated before anything acts: a bad field is a
 * message naming it in the page's language (the route answers 400 and changes nothing).
 */
export function readActionForm(form: URLSearchParams, words: Words): ReadAction {
  const { t } = words;
  const name = form.get('action') ?? '';
  const value = (key: ActionField) => form.get(key) ?? '';
  const bad = (key: ActionField, message: string): ReadAction => ({ ok: false, field: key, message, value: value(key) });
  // The domain says whether the action is whole; the page says which of its fields is wrong.
  const parsed = parseAction(name, { note: value('note'), user: value('user'), duration: value('duration').slice(0, 32), text: value('text') });
  if (!parsed.ok) {
    if (name === 'assign') return bad('user', t('incident.badUser', { max: MAX_USER }));
    if (name === 'snooze') return bad('duration', t('incident.badDuration'));
    if (name === 'comment') return bad('text', t('incident.badComment'));
    return bad('action', t('incident.badAction'));
  }
  const { action } = parsed;
  // What the console caps beyond the domain: lengths the page's fields announce too.
  if (action.type === 'resolve' && (action.note?.length ?? 0) > MAX_NOTE) return bad('note', t('incident.noteTooLong', { max: MAX_NOTE, n: action.note!.length }));
  if (action.type === 'assign' && action.user.length > MAX_USER) return bad('user', t('incident.badUser', { max: MAX_USER }));
  if (action.type === 'snooze' && value('duration').trim().length > 32) return bad('duration', t('incident.badDuration'));
  if (action.type === 'comment' && action.text.length > MAX_NOTE) return bad('text', t('incident.commentTooLong', { max: MAX_NOTE, n: action.text.length }));
  return { ok: true, action };
}
