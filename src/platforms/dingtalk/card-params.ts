import type { AlertView } from '../../cards/alert-view.js';
import { alertData } from '../../templates/alert-data.js';
import { renderJson } from '../../templates/render.js';
import { TemplateError } from '../../templates/template-error.js';
import { choiceOf } from '../../templates/compose.js';
import { loadTemplate } from '../../templates/template-files.js';

/**
 * The variables of `templates/dingtalk/alert-card.json`, filled from an alert by the chat's
 * `card-params.json` template. DingTalk refuses anything but strings in a cardParamMap, so
 * Booleans are "true" / "false". `state` and the visibility switches are Gong's contract with the
 * card's buttons, not content, so they are set here and no template can change them.
 */
export function cardParams(view: AlertView): Record<string, string> {
  const template = loadTemplate(choiceOf(view, 'dingtalk'), 'card-params.json');
  const params = renderJson(template, alertData(view));
  for (const [key, value] of Object.entries(params)) {
    if (typeof value !== 'string') throw new TemplateError(template.name, `"${key}" must be a string`);
  }
  const resolved = view.state === 'resolved';
  const snoozed = !resolved && view.snoozedUntil !== null;
  return {
    ...(params as Record<string, string>),
    state: snoozed ? 'snoozed' : view.state,
    buttonsVisible: String(!resolved),
    ackVisible: String(view.buttons.includes('ack')),
  };
}
