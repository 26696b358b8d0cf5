import type { ActionUrl, AlertView, CardButton } from '../../cards/alert-view.js';
import { fill, strings } from '../../cards/strings.js';
import { durationWords } from '../../cards/duration-text.js';
import { alertData } from '../../templates/alert-data.js';
import { renderJson, renderText } from '../../templates/render.js';
import { TemplateError } from '../../templates/template-error.js';
import { choiceOf } from '../../templates/compose.js';
import { loadTemplate } from '../../templates/template-files.js';
import { withKeyword } from './custom-bot.js';
import { drawWithFittingAlerts, jsonBytes } from '../../cards/fit-alert-list.js';

/**
 * What an incident's alert list may fill a card up to: a custom bot takes 20 KB (app cards 30 KB),
 * and the card travels as a JSON string inside the request, whose escapes add a little.
 */
const CARD_ROOM = 18 * 1024;

/** The value every Gong button carries back in `card.action.trigger`. */
export interface LarkButtonValue {
  action: CardButton;
  alertId: string;
}

/**
 * An alert as a Lark card (JSON 2.0, updatable in place by PATCH). App bots get callback buttons;
 * custom bots, which cannot call back, get buttons that open Gong's signed action pages. An
 * incident's card lists as many of its alerts as the card holds.
 */
export function renderLarkCard(view: AlertView, actionUrl?: ActionUrl): Record<string, unknown> {
  return drawWithFittingAlerts(view, (fitted) => drawCard(fitted, actionUrl), (card) => jsonBytes(card) <= CARD_ROOM);
}

function drawCard(view: AlertView, actionUrl?: ActionUrl): Record<string, unknown> {
  const t = strings(view.locale);
  const value = (action: CardButton): LarkButtonValue => ({ action, alertId: String(view.id) });
  const button = (action: CardButton, label: string, type: 'primary' | 'danger' | 'default' = 'default', args?: Record<string, string>) => ({
    tag: 'button',
    text: { tag: 'plain_text', content: label },
    type,
    behaviors: [actionUrl ? { type: 'open_url', default_url: actionUrl(action, args) } : { type: 'callback', value: value(action) }],
  });
  const controls = view.buttons.flatMap((action) => {
    switch (action) {
      case 'ack':
        return button('ack', t.ack, 'primary');
      case 'resolve':
        return button('resolve', t.resolve, 'danger');
      case 'assign':
        if (actionUrl) return button('assign', t.assignMe);
        // "Assign to me", and a person picker whose choice arrives as the click's `option`.
        return [
          button('assign', t.assignMe),
          {
            tag: 'select_person',
            placeholder: { tag: 'plain_text', content: t.assignTo },
            behaviors: [{ type: 'callback', value: value('assign') }],
          },
        ];
      case 'unack':
        return button('unack', t.unack);
      case 'reopen':
        return button('reopen', t.reopen);
      case 'snooze':
        if (actionUrl) return view.snoozeChoices.map((d) => button('snooze', fill(t.snoozeFor, { duration: durationWords(d, view.locale) }), 'default', { duration: d }));
        return {
          tag: 'select_static',
          placeholder: { tag: 'plain_text', content: t.snooze },
          options: view.snoozeChoices.map((choice) => ({ text: { tag: 'plain_text', content: durationWords(choice, view.locale) }, value: choice })),
          behaviors: [{ type: 'callback', value: value('snooze') }],
        };
    }
  });

  // The template draws the content; the controls stay Gong's, so no template can add or alter a button.
  const template = loadTemplate(choiceOf(view, actionUrl ? 'lark-webhook' : 'lark'), 'alert-card.json');
  const card = renderJson(template, alertData(view));
  const body = card.body as { elements?: unknown } | undefined;
  if (!body || !Array.isArray(body.elements)) throw new TemplateError(template.name, 'the card needs body.elements, where Gong adds its buttons');
  const controlRow = {
    tag: 'column_set',
    flex_mode: 'flow',
    columns: controls.map((element) => ({ tag: 'column', width: 'auto', elements: [element] })),
  };
  return { ...card, body: { ...body, elements: [...body.elements, controlRow] } };
}

/** A bot cannot edit its card: each change is this text (`lark-webhook/…/follow-up.txt`), with a keyword the bot needs. */
export function followUpText(view: AlertView, keywords: readonly string[] | undefined): string {
  return withKeyword(renderText(loadTemplate(choiceOf(view, 'lark-webhook'), 'follow-up.txt'), alertData(view)), keywords);
}

/** A keyword-guarded custom bot drops cards that lack its first keyword; the title is where people expect it. */
export function withTitleKeyword<T extends { title: string }>(message: T, keywords: readonly string[] | undefined): T {
  const keyword = keywords?.[0];
  return keyword && !message.title.includes(keyword) ? { ...message, title: `${keyword} ${message.title}` } : message;
}
