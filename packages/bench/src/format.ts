// Numbers and cells as the Markdown table, the terminal summary and the chart show them.
import type { Figure } from './stats.js';
import type { WorkloadRecord } from './record.js';

/** Three significant digits, no exponent: 1234, 812, 12.3, 0.123. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toString();
  return Number(value.toPrecision(3)).toString();
}

/** `850 ns`, `12.3 µs`, `2.1 ms`, `1.2 s`. */
export function formatNs(ns: number): string {
  if (ns >= 1e9) return `${formatNumber(ns / 1e9)} s`;
  if (ns >= 1e6) return `${formatNumber(ns / 1e6)} ms`;
  if (ns >= 1e3) return `${formatNumber(ns / 1e3)} µs`;
  return `${formatNumber(ns)} ns`;
}

/** A ratio to the limit with two significant digits: `0.43×`, `1.7×`, `12×`. */
export function formatRatio(ratio: number): string {
  return `${ratio >= 100 ? Math.round(ratio) : Number(ratio.toPrecision(2))}×`;
}

/** `812 MB/s (0.43×)` for a sized figure, the median time otherwise. */
export function formatFigure(figure: Figure): string {
  if (figure.mb_per_s === null) return formatNs(figure.median_ns);
  const ratio = figure.ratio_to_limit === null ? '' : ` (${formatRatio(figure.ratio_to_limit)})`;
  return `${formatNumber(figure.mb_per_s)} MB/s${ratio}`;
}

/** The cell of one workload in the in-process or the round-trip table. */
export function formatCell(record: WorkloadRecord | undefined, which: 'in_process' | 'round_trip'): string {
  if (record === undefined) return '';
  switch (record.status) {
    case 'refused':
      return `refused: wrong answer${record.mismatch !== undefined ? ` (byte ${record.mismatch.offset})` : ''}`;
    case 'unsupported':
      return 'unsupported';
    case 'error':
      return `error: ${record.error?.code ?? 'failed'}`;
    default: {
      const figure = record[which];
      if (figure !== null) {
        const codec = which === 'in_process' && record.in_process?.includes_codec ? ' †' : '';
        // Round trips of small messages are a protocol-overhead figure: requests a second says it best.
        const rate =
          which === 'round_trip' && record.size !== null && record.size <= 64 && figure.median_ns > 0
            ? `, ${formatNumber(1e9 / figure.median_ns)} req/s`
            : '';
        return formatFigure(figure) + rate + codec;
      }
      if (which === 'in_process' && record.bench_mismatch !== undefined)
        return `refused: bench result wrong (byte ${record.bench_mismatch.offset})`;
      if (which === 'in_process' && record.round_trip !== null) return 'n/a (no bench)';
      return '—';
    }
  }
}

/** A table as Markdown; `pad` aligns the columns for a terminal. Columns after the first `left` are right-aligned. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  left = 1,
  pad = false,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (text: string, i: number) =>
    !pad ? text : i < left ? text.padEnd(widths[i]!) : text.padStart(widths[i]!);
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${header.map((_, i) => (i < left ? '-'.repeat(pad ? widths[i]! + 2 : 3) : `${'-'.repeat(pad ? widths[i]! + 1 : 2)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
