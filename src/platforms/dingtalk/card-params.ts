import type { AlertView } from '../../cards/alert-view.js';
import { alertData } from '../../templates/alert-data.js';
import { renderJson } from '../../templates/render.js';
import { TemplateError } from '../../templates/template-error.js';
import { choiceOf } from '../../templates/compose.js';
import { loadTemplate } from '../../templates/template-files.js';
import { drawWithFittingAlerts, jsonBytes } from '../../cards/fit-alert-list.js';

/** What an incident's alert list may fill the card's variables up to, of DingTalk's 15,000 bytes. */
const PARAMS_ROOM = 12_000;

/**
 * The variables of `templates/dingtalk/alert-card.json`, filled from an alert by the chat's
 * `card-params.json` template. DingTalk refuses anything but strings in a cardParamMap, so
 * Booleans are "true" / "false". `state` and the visibility switches are Gong's contract with the
 * card's buttons, not content, so they are set here and no template can change them. An
 * incident's card lists as many of its alerts as the card holds.
 */
export function cardParams(view: AlertView): Record<string, string> {
  const params = drawWithFittingAlerts(view, paramsOf, (drawn) => jsonBytes(drawn) <= PARAMS_ROOM);
  // A view without the incident's list (a click's answer) leaves the card's list as it is:
  // DingTalk keeps a variable an update does not send.
  if (view.incident?.alerts === null) delete params.alerts;
  return params;
}

function paramsOf(view: AlertView): Record<string, string> {
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
