import { escapeHtml } from '../http/html.js';

/** An inline SVG bar chart (no script, prints and scales); the table beside it is the accessible copy. */
export function barChart(points: { label: string; value: number }[], title: string): string {
  const width = 640;
  const height = 200;
  const bottom = 30;
  const max = Math.max(1, ...points.map((p) => p.value));
  const slot = width / Math.max(points.length, 1);
  const bars = points
    .map((p, i) => {
      const h = Math.round((p.value / max) * (height - bottom - 20));
      const x = Math.round(i * slot + slot * 0.15);
      const y = height - bottom - h;
      return `<rect x="${x}" y="${y}" width="${Math.round(slot * 0.7)}" height="${h}"><title>${escapeHtml(p.label)}: ${p.value}</title></rect>
<text x="${x + slot * 0.35}" y="${y - 4}" text-anchor="middle">${p.value || ''}</text>
<text x="${x + slot * 0.35}" y="${height - bottom + 14}" text-anchor="middle">${escapeHtml(p.label.slice(5))}</text>`;
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}">${bars}</svg>`;
}
