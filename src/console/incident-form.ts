import { parseAction } from '../domain/parse-action.js';
import type { Action } from '../domain/lifecycle.js';
import { parseDuration } from '../domain/duration.js';
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
  const field = (key: ActionField) => (form.get(key) ?? '').trim();
  const bad = (key: ActionField, message: string): ReadAction => ({ ok: false, field: key, message, value: form.get(key) ?? '' });
  switch (name) {
    case 'ack':
    case 'unack':
    case 'reopen':
    case 'unsnooze':
    case 'escalate':
      break;
    case 'resolve':
      if (field('note').length > MAX_NOTE) return bad('note', t('incident.noteTooLong', { max: MAX_NOTE, n: field('note').length }));
      break;
    case 'assign':
      if (!field('user') || field('user').length > MAX_USER) return bad('user', t('incident.badUser', { max: MAX_USER }));
      break;
    case 'snooze':
      if (field('duration').length > 32 || !parseDuration(field('duration'))) return bad('duration', t('incident.badDuration'));
      break;
    case 'comment':
      if (!field('text')) return bad('text', t('incident.badComment'));
      if (field('text').length > MAX_NOTE) return bad('text', t('incident.commentTooLong', { max: MAX_NOTE, n: field('text').length }));
      break;
    default:
      return bad('action', t('incident.badAction'));
  }
  const parsed = parseAction(name, { note: field('note'), user: field('user'), duration: field('duration'), text: field('text') });
  return parsed.ok ? { ok: true, action: parsed.action } : bad('action', t('incident.badAction'));
}
