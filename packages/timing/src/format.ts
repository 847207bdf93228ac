// The human report of `conform timing` (stderr). The JSON report is the TimingReport itself.
import type { PairReport, TimingReport, Verdict } from './probe.js';

const micros = (ns: number | null): string => (ns === null ? '–' : `${(ns / 1000).toFixed(1)} µs`);
const tText = (t: number | null): string => (t === null ? '–' : t.toFixed(2));

export function formatTimingReport(report: TimingReport, options: { color: boolean }): string {
  const paint = (code: number, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const verdictText = (v: Verdict) =>
    v === 'leak'
      ? paint(31, 'LEAK')
      : v === 'no evidence'
        ? paint(32, 'no evidence')
        : paint(33, 'inconclusive');
  const { hello } = report.implementation;
  const lines: string[] = [];
  lines.push(
    `conform timing: ${report.implementation.name} (${hello.name}${hello.version !== '' ? ` ${hello.version}` : ''})`,
  );
  lines.push(
    `  advisory: a dudect-style probe of e2e.decrypt's rejections (Welch's t-test, |t| > ${report.threshold} is evidence, at least ${report.minSamples} samples a class)`,
  );
  lines.push(`  timing: ${report.timing.note}`);
  lines.push(
    `  ${report.samples} samples a class of ${report.samplesRequested} asked, one request at a time in random order; seed ${report.seed}; ${(report.durationMs / 1000).toFixed(1)} s` +
      (report.stoppedByTimeBudget ? ` (the time budget of ${report.timeBudgetMs} ms ran out)` : ''),
  );
  lines.push('');
  lines.push('  classes (all on one key, all to be answered "rejected"):');
  for (const c of report.classes) {
    const odd =
      c.unexpected > 0 ? paint(31, `  ${c.unexpected} not rejected (first: ${c.firstUnexpected})`) : '';
    lines.push(
      `    ${c.id.padEnd(2)} ${c.title.padEnd(48)} n = ${String(c.samples).padStart(5)}  median ${micros(c.medianNs)}${odd}`,
    );
  }
  lines.push('');
  const pair = (p: PairReport) => {
    const crop = p.crop === null ? 'uncropped' : `cropped at p${(p.crop * 100).toFixed(1)}`;
    lines.push(
      `  ${p.id.padEnd(8)} ${`${p.a} vs ${p.b}`.padEnd(8)} ${verdictText(p.verdict)}  t = ${tText(p.t)}  n = ${p.nA}/${p.nB}  means ${micros(p.meanA)} / ${micros(p.meanB)}  (${crop}; uncropped t = ${tText(p.uncropped.t)})`,
    );
    lines.push(`           ${p.title}${p.rules.length > 0 ? ` (${p.rules.join(', ')})` : ''}`);
    lines.push(`           ${p.reason}`);
  };
  pair(report.control);
  for (const p of report.pairs) pair(p);
  lines.push('');
  lines.push(`  verdict: ${verdictText(report.verdict)}`);
  return lines.join('\n') + '\n';
}
