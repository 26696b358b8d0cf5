const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** The action-link pages' whole stylesheet (inline, so the Content-Security-Policy names its hash). */
export const PAGE_CSS = `body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:1.5rem auto;padding:0 1rem;color:#1f2329;overflow-wrap:anywhere}
h1{font-size:1.3rem}.muted,.hint{color:#646a73}.hint{font-size:.9rem}label{display:block;margin:.8rem 0 .3rem;font-weight:600}
input{font:inherit;padding:.5rem;width:100%;min-height:2.75rem;box-sizing:border-box;border:1px solid #d0d3d6;border-radius:6px}
button{font:inherit;width:100%;min-height:3rem;margin-top:1rem;padding:.6rem 1.2rem;border:0;border-radius:8px;background:#3370ff;color:#fff;cursor:pointer}
.stale{background:#fff1d6;color:#5c3c00;border-radius:8px;padding:.6rem .9rem}.stale p{margin:0}.stale ul{margin:.3rem 0 0;padding-left:1.2rem}
.ok{color:#2ea121}.error{color:#d83931}`;

/** A small, self-contained page (no scripts) for the action-link confirmation flow. */
export function page(title: string, body: string, lang = 'en'): string {
  return `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style></head><body>${body}</body></html>`;
}
