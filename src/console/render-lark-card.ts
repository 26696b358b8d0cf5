import { escapeHtml } from '../http/html.js';
import { markdownToHtml } from './mini-markdown.js';

export interface CardHtmlOptions {
  /** Where a click goes: `data-click` JSON the sandbox page posts back; absent in previews. */
  interactive: boolean;
  /** People the person picker offers (a Lark group's members). */
  people?: { id: string; name: string }[];
  nameOf?: (openId: string) => string;
}

type Node = Record<string, any>;

/**
 * A Lark card (JSON 2.0: header, markdown, column sets, buttons, select menus) as HTML that looks
 * like the Lark client draws it. Only the tags Gong sends are drawn; others are named, not hidden.
 */
export function larkCardHtml(card: Node, options: CardHtmlOptions): string {
  const header = card.header as Node | undefined;
  const elements = (card.body?.elements ?? card.elements ?? []) as Node[];
  const head = header
    ? `<header class="lk-head lk-${escapeHtml(String(header.template ?? 'blue'))}">
<div class="lk-title">${escapeHtml(String(header.title?.content ?? ''))}</div>
${header.subtitle ? `<div class="lk-subtitle">${escapeHtml(String(header.subtitle.content ?? ''))}</div>` : ''}</header>`
    : '';
  return `<article class="lk-card">${head}<div class="lk-body">${elements.map((e) => element(e, options)).join('')}</div></article>`;
}

function element(node: Node, options: CardHtmlOptions): string {
  switch (node.tag) {
    case 'markdown':
    case 'lark_md':
      return `<div class="lk-md">${markdownToHtml(String(node.content ?? ''), options.nameOf)}</div>`;
    case 'column_set':
      return `<div class="lk-actions">${(node.columns ?? []).flatMap((column: Node) => (column.elements ?? []).map((e: Node) => element(e, options))).join('')}</div>`;
    case 'action':
      return `<div class="lk-actions">${(node.actions ?? []).map((e: Node) => element(e, options)).join('')}</div>`;
    case 'hr':
      return '<hr>';
    case 'button':
      return button(node, options);
    case 'select_static':
      return select(node, (node.options ?? []).map((o: Node) => [String(o.value), String(o.text?.content ?? o.value)]), options);
    case 'select_person':
      return select(node, (options.people ?? []).map((p) => [p.id, p.name]), options);
    default:
      return `<div class="lk-unknown">[${escapeHtml(String(node.tag))}]</div>`;
  }
}

function button(node: Node, options: CardHtmlOptions): string {
  const label = escapeHtml(String(node.text?.content ?? ''));
  const behaviour = (node.behaviors ?? [])[0] as Node | undefined;
  if (behaviour?.type === 'open_url') {
    return `<a class="lk-btn lk-${escapeHtml(String(node.type ?? 'default'))}" href="${escapeHtml(String(behaviour.default_url))}" target="_blank" rel="noopener">${label}</a>`;
  }
  const value = behaviour?.value ?? node.value ?? {};
  return `<button type="button" class="lk-btn lk-${escapeHtml(String(node.type ?? 'default'))}"${clickData({ value, tag: 'button' }, options)}>${label}</button>`;
}

function select(node: Node, choices: string[][], options: CardHtmlOptions): string {
  const value = ((node.behaviors ?? [])[0] as Node | undefined)?.value ?? node.value ?? {};
  const placeholder = escapeHtml(String(node.placeholder?.content ?? ''));
  return `<select class="lk-select" aria-label="${placeholder}"${clickData({ value, tag: node.tag }, options)}>
<option value="">${placeholder}</option>${choices.map(([v, t]) => `<option value="${escapeHtml(v!)}">${escapeHtml(t!)}</option>`).join('')}</select>`;
}

function clickData(data: unknown, options: CardHtmlOptions): string {
  return options.interactive ? ` data-click="${escapeHtml(JSON.stringify(data))}"` : ' disabled';
}
