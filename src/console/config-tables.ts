import { escapeHtml } from '../http/html.js';
import { maskUrlsIn } from '../shared/mask-secrets.js';
import type { Words } from './words.js';

const SECRET_KEY = /secret|token|password|webhook|key$/i;

/**
 * Any config section (a list of objects, an object, a scalar) as HTML tables, so sections added
 * to the config later show up here without a console change. Secret-looking keys are hidden, and secrets inside URLs masked.
 */
export function configSection(value: unknown, words: Words): string {
  const cell = (key: string, item: unknown) => cellHtml(key, item, words);
  if (Array.isArray(value)) {
    if (value.length === 0) return `<p class="muted">${escapeHtml(words.t('config.none'))}</p>`;
    if (value.every((item) => item && typeof item === 'object' && !Array.isArray(item))) {
      const columns = [...new Set(value.flatMap((item) => Object.keys(item as object)))];
      // The column names are the file's own keys: that is where an admin finds and changes them.
      return `<table class="stack"><thead><tr>${columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${value
        .map((item) => `<tr>${columns.map((c) => `<td data-label="${escapeHtml(c)}">${cell(c, (item as Record<string, unknown>)[c])}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    }
    return `<ul>${value.map((item) => `<li>${cell('', item)}</li>`).join('')}</ul>`;
  }
  if (value && typeof value === 'object') {
    return `<table><tbody>${Object.entries(value)
      .map(([key, item]) => `<tr><th scope="row">${escapeHtml(key)}</th><td>${cell(key, item)}</td></tr>`)
      .join('')}</tbody></table>`;
  }
  return cell('', value);
}

function cellHtml(key: string, value: unknown, words: Words): string {
  if (value === undefined || value === null) return '';
  if (SECRET_KEY.test(key)) return '<span class="muted">•••</span>';
  if (typeof value === 'object') return Array.isArray(value) && value.every((v) => typeof v !== 'object') ? escapeHtml(maskUrlsIn(value.join(', '))) : configSection(value, words);
  // A URL can carry a token in its query, path or userinfo (an outbound webhook's `url`).
  return escapeHtml(maskUrlsIn(String(value)));
}
