// The chart of a record (--svg FILE): throughput (MB/s) against message size, both axes logarithmic,
// one panel per sized workload (ige.encrypt, ige.decrypt, e2e.encrypt, …), one line per
// implementation in each, and the limit (and the matching native AES-NI IGE) as dashed grey
// lines. Hand-written SVG, no dependency; its colours switch with prefers-color-scheme and it draws
// its own background, so it reads on light and dark pages alike.
import { formatNumber } from './format.js';
import { implementationLabel } from './markdown.js';
import type { BenchRecord, ImplementationRecord } from './record.js';
import { formatSize } from './workloads.js';

/** Mid-tone colours legible on white and on near-black. */
const PALETTE = ['#3b82f6', '#f97316', '#10b981', '#e11d48', '#a855f7', '#ca8a04', '#14b8a6', '#db2777'];
const PANEL_W = 440;
const PANEL_H = 290;
const M = { left: 64, right: 32, top: 30, bottom: 46 };
const COLUMNS = 2;

interface Point {
  readonly size: number;
  readonly mbPerS: number;
}

interface Line {
  readonly label: string;
  readonly kind: 'impl' | 'baseline';
  /** Undefined for baselines, which take the muted colour of the theme (.baseline). */
  readonly color: string | undefined;
  readonly dashed: boolean;
  readonly points: readonly Point[];
}

const escapeXml = (text: string): string =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The sized workloads a record has, in its order: the panels. */
export function chartedWorkloads(record: BenchRecord): string[] {
  const names: string[] = [];
  for (const id of record.settings.workloads) {
    const [name, size] = id.split('/');
    if (size !== undefined && !names.includes(name!)) names.push(name!);
  }
  return names;
}

/** An implementation's points for one workload: in-process where it has any, else round trip. */
function implementationLine(impl: ImplementationRecord, workload: string, color: string): Line | undefined {
  const rows = impl.workloads.filter((w) => w.workload === workload && w.size !== null);
  const inProcess = rows.some((w) => w.in_process?.mb_per_s != null);
  const points = rows.flatMap((w) => {
    const figure = inProcess ? w.in_process : w.round_trip;
    return figure?.mb_per_s != null && w.size !== null ? [{ size: w.size, mbPerS: figure.mb_per_s }] : [];
  });
  if (points.length === 0) return undefined;
  return {
    label: implementationLabel(impl) + (inProcess ? '' : ' (round trip)'),
    kind: 'impl',
    color,
    dashed: !inProcess,
    points: points.sort((a, b) => a.size - b.size),
  };
}

/** The baselines at the sizes the panel's workload was run at. */
function baselineLines(record: BenchRecord, workload: string): Line[] {
  const lines: Line[] = [];
  const limit = record.baselines.limit;
  const sizes = new Set(
    record.settings.workloads
      .filter((id) => id.startsWith(`${workload}/`))
      .map((id) => Number(id.split('/')[1])),
  );
  const pick = (points: readonly { size: number; mb_per_s: number | null }[]) =>
    points.flatMap((p) =>
      p.mb_per_s !== null && p.mb_per_s > 0 && sizes.has(p.size)
        ? [{ size: p.size, mbPerS: p.mb_per_s }]
        : [],
    );
  if (limit !== null)
    lines.push({
      label: 'the limit (fastest one-thread AES-256 chain)',
      kind: 'baseline',
      color: undefined,
      dashed: true,
      points: pick(limit.points),
    });
  const native =
    workload === 'ige.encrypt'
      ? 'aesni-ige-encrypt'
      : workload === 'ige.decrypt'
        ? 'aesni-ige-decrypt'
        : undefined;
  const series = record.baselines.native?.series.find((s) => s.name === native);
  if (series !== undefined)
    lines.push({
      label: `C ${series.name}`,
      kind: 'baseline',
      color: undefined,
      dashed: false,
      points: pick(series.points),
    });
  return lines;
}

/** Powers of ten spanning `values`, at least one decade. */
function decades(values: readonly number[]): [number, number] {
  const lo = Math.floor(Math.log10(Math.min(...values)));
  const hi = Math.ceil(Math.log10(Math.max(...values)));
  return [lo, hi > lo ? hi : lo + 1];
}

const superscript = (n: number) =>
  String(n).replace(/[-0-9]/g, (c) => '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'['-0123456789'.indexOf(c)]!);
const tickLabel = (e: number) => (e >= -2 && e <= 4 ? formatNumber(10 ** e) : `10${superscript(e)}`);

function panel(workload: string, lines: readonly Line[], ox: number, oy: number): string {
  const out: string[] = [
    `<g class="panel" data-workload="${escapeXml(workload)}" transform="translate(${ox},${oy})">`,
  ];
  const plotW = PANEL_W - M.left - M.right;
  const plotH = PANEL_H - M.top - M.bottom;
  out.push(`<text class="title" x="${M.left}" y="18">${escapeXml(workload)}</text>`);
  const all = lines.flatMap((l) => l.points);
  if (all.length === 0) {
    out.push(`<text class="note" x="${M.left}" y="${M.top + plotH / 2}">no figures</text></g>`);
    return out.join('');
  }
  const sizes = [...new Set(all.map((p) => p.size))].sort((a, b) => a - b);
  let [x0, x1] = [Math.log2(sizes[0]!), Math.log2(sizes.at(-1)!)];
  if (x1 - x0 < 1) [x0, x1] = [x0 - 1, x1 + 1];
  const [y0, y1] = decades(all.map((p) => p.mbPerS));
  const x = (size: number) => M.left + ((Math.log2(size) - x0) / (x1 - x0)) * plotW;
  const y = (mb: number) => M.top + plotH - ((Math.log10(mb) - y0) / (y1 - y0)) * plotH;
  const f = (n: number) => n.toFixed(1);

  for (let e = y0; e <= y1; e++) {
    out.push(
      `<line class="grid" x1="${M.left}" x2="${M.left + plotW}" y1="${f(y(10 ** e))}" y2="${f(y(10 ** e))}"/>`,
    );
    out.push(
      `<text class="tick" x="${M.left - 6}" y="${f(y(10 ** e) + 4)}" text-anchor="end">${tickLabel(e)}</text>`,
    );
  }
  for (const size of sizes) {
    out.push(
      `<line class="grid" x1="${f(x(size))}" x2="${f(x(size))}" y1="${M.top}" y2="${M.top + plotH}"/>`,
    );
    out.push(
      `<text class="tick" x="${f(x(size))}" y="${M.top + plotH + 16}" text-anchor="middle">${escapeXml(formatSize(size))}</text>`,
    );
  }
  out.push(`<rect class="frame" x="${M.left}" y="${M.top}" width="${plotW}" height="${plotH}"/>`);
  out.push(
    `<text class="axis" x="${M.left + plotW / 2}" y="${PANEL_H - 8}" text-anchor="middle">message size (log scale)</text>`,
  );
  out.push(
    `<text class="axis" transform="translate(16,${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">MB/s (log scale)</text>`,
  );
  for (const line of lines) {
    const d = line.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${f(x(p.size))},${f(y(p.mbPerS))}`).join(' ');
    const dash = line.dashed ? ' stroke-dasharray="6 4"' : '';
    const stroke = line.color === undefined ? '' : ` stroke="${line.color}"`;
    const fill = line.color === undefined ? ' class="dot baseline-dot"' : ` class="dot" fill="${line.color}"`;
    out.push(
      `<path class="${line.kind}" data-label="${escapeXml(line.label)}" d="${d}"${stroke}${dash}><title>${escapeXml(line.label)}</title></path>`,
    );
    for (const p of line.points)
      out.push(
        `<circle${fill} cx="${f(x(p.size))}" cy="${f(y(p.mbPerS))}" r="3"><title>${escapeXml(`${line.label}: ${formatSize(p.size)}, ${formatNumber(p.mbPerS)} MB/s`)}</title></circle>`,
      );
  }
  out.push('</g>');
  return out.join('\n');
}

export function renderSvg(record: BenchRecord): string {
  const workloads = chartedWorkloads(record);
  const colors = new Map(record.implementations.map((impl, i) => [impl, PALETTE[i % PALETTE.length]!]));
  const rows = Math.max(1, Math.ceil(workloads.length / COLUMNS));
  const legendItems = [
    ...record.implementations.map((impl) => ({
      label: implementationLabel(impl),
      color: colors.get(impl) as string | undefined,
      dashed: false,
    })),
    ...(record.baselines.limit !== null
      ? [{ label: 'the limit (fastest one-thread AES-256 chain)', color: undefined, dashed: true }]
      : []),
    ...(record.baselines.native?.series.some((s) => s.name.startsWith('aesni-ige'))
      ? [{ label: 'C AES-NI IGE', color: undefined, dashed: false }]
      : []),
  ];
  const legendH = 20 + 18 * Math.ceil(legendItems.length / 2);
  const width = PANEL_W * Math.min(COLUMNS, Math.max(1, workloads.length));
  const headerH = 44;
  const height = headerH + rows * PANEL_H + legendH;
  const m = record.machine;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="conform bench: throughput against message size">`,
    '<style>',
    'svg { --bg: #ffffff; --fg: #1f2328; --muted: #6e7781; --grid: #d0d7de; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }',
    '@media (prefers-color-scheme: dark) { svg { --bg: #0d1117; --fg: #e6edf3; --muted: #8b949e; --grid: #30363d; } }',
    '.bg { fill: var(--bg); } text { fill: var(--fg); font-size: 11px; } .title { font-size: 13px; font-weight: 600; }',
    '.heading { font-size: 14px; font-weight: 600; } .sub, .note, .tick { fill: var(--muted); }',
    '.grid { stroke: var(--grid); stroke-width: 1; } .frame { fill: none; stroke: var(--muted); stroke-width: 1; }',
    'path { fill: none; stroke-width: 2; stroke-linejoin: round; } .dot { stroke: var(--bg); stroke-width: 1; }',
    '.baseline { stroke: var(--muted); } .baseline-dot { fill: var(--muted); }',
    '</style>',
    `<rect class="bg" width="${width}" height="${height}"/>`,
    `<text class="heading" x="12" y="20">conform bench — throughput against message size (${escapeXml(record.date.slice(0, 10))})</text>`,
    `<text class="sub" x="12" y="36">${escapeXml(`${m.cpu_model}, ${m.cores} cores, Node ${m.node}, OpenSSL ${m.openssl}; in-process figures, dashed where only the round trip was measured`)}</text>`,
  ];
  if (workloads.length === 0)
    out.push(`<text class="note" x="12" y="${headerH + 20}">no sized workload in this record</text>`);
  workloads.forEach((workload, i) => {
    const lines = [
      ...record.implementations.flatMap(
        (impl) => implementationLine(impl, workload, colors.get(impl)!) ?? [],
      ),
      ...baselineLines(record, workload),
    ];
    out.push(panel(workload, lines, (i % COLUMNS) * PANEL_W, headerH + Math.floor(i / COLUMNS) * PANEL_H));
  });
  const legendY = headerH + rows * PANEL_H + 8;
  out.push(`<g class="legend" transform="translate(${M.left},${legendY})">`);
  legendItems.forEach((item, i) => {
    const lx = (i % 2) * 380;
    const ly = Math.floor(i / 2) * 18 + 6;
    const dash = item.dashed ? ' stroke-dasharray="6 4"' : '';
    const stroke = item.color === undefined ? ' class="baseline"' : ` stroke="${item.color}"`;
    out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}"${stroke} stroke-width="2"${dash}/>`);
    out.push(`<text x="${lx + 30}" y="${ly + 4}">${escapeXml(item.label)}</text>`);
  });
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}
