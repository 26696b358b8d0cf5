const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** The action-link pages' whole stylesheet (inline, so the Content-Security-Policy names its hash). */
export const PAGE_CSS = `body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1f2329}
h1{font-size:1.3rem}.muted{color:#646a73}label{display:block;margin:.8rem 0 .3rem}input{font:inherit;padding:.4rem;width:100%;box-sizing:border-box}
button{font:inherit;margin-top:1rem;padding:.5rem 1.2rem;border:0;border-radius:6px;background:#3370ff;color:#fff;cursor:pointer}
.ok{color:#2ea121}.error{color:#d83931}`;

/** A small, self-contained page (no scripts) for the action-link confirmation flow. */
export function page(title: string, body: string, lang = 'en'): string {
  return `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style></head><body>${body}</body></html>`;
}
