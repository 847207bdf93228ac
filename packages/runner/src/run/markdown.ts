// `--markdown FILE`: a GitHub-flavoured Markdown summary of `conform run` for a CI job summary
// (also appended to $GITHUB_STEP_SUMMARY when set): one table row per vector file, then the
// failures (capped), stale --expect-fail entries and expected failures by entry.
import type { ResultOutcome, RunReport, TestResult } from './execute.js';
import { testName } from './select.js';

export interface MarkdownOptions {
  /** Most failures listed. Default 50. */
  readonly maxFailures?: number;
}

/** Text for a table cell: one line, pipes escaped, at most `max` characters. */
function cell(text: string, max = 200): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  const cut = line.length > max ? `${line.slice(0, max)}…` : line;
  return cut.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** An inline code span that survives backticks in the text. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${text}${fence.length > 1 ? ' ' : ''}${fence}`;
}

export function formatMarkdown(report: RunReport, options: MarkdownOptions = {}): string {
  const max = options.maxFailures ?? 50;
  const s = report.summary;
  const hello = report.implementation.hello;
  const stale = report.expectFail?.stale ?? [];
  const ok = report.exitCode === 0;
  const out = [
    `## ${ok ? '✅' : '❌'} conform run: ${cell(report.implementation.name)}` +
      (hello ? ` (${cell(`${hello.name} ${hello.version}`)})` : '') +
      (report.strict ? ', --strict' : ''),
    '',
    `**exit ${report.exitCode}** — ${s.selected} selected: ${s.pass} pass, ${s.fail} fail, ${s.error} error, ` +
      `${s.acceptable} acceptable, ${s.skip} skipped` +
      (s.expectedFail ? `, ${s.expectedFail} expected-fail` : '') +
      (s.notRun ? `, ${s.notRun} not run` : '') +
      (report.restarts ? `; ${report.restarts} restart(s)` : '') +
      ` (${report.durationMs} ms)`,
    '',
  ];
  const files = new Map<string, TestResult[]>();
  for (const r of report.results) files.set(r.file, [...(files.get(r.file) ?? []), r]);
  if (files.size > 0) {
    out.push(
      '| file | pass | fail | error | acceptable | skipped | expected-fail |',
      '|---|---:|---:|---:|---:|---:|---:|',
    );
    for (const [file, rs] of files) {
      const n = (o: ResultOutcome) => rs.filter((r) => r.outcome === o).length;
      const bad = n('fail') + n('error') > 0;
      out.push(
        `| ${bad ? '❌' : '✅'} ${code(file)} | ${n('pass')} | ${n('fail')} | ${n('error')} | ` +
          `${n('acceptable')} | ${n('skip')} | ${n('expected-fail')} |`,
      );
    }
    out.push('');
  }
  if (report.stopped) {
    out.push(
      `**Stopped:** the implementation failed as a process (${code(report.stopped.code)}): ${cell(report.stopped.message, 500)}`,
      '',
    );
  }
  if (report.interrupted) out.push('**Interrupted:** the report is partial.', '');
  const failures = report.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error');
  if (failures.length > 0) {
    out.push(
      `### Failures (${failures.length})`,
      '',
      '| test | outcome | op | flags | rules | expected / actual |',
      '|---|---|---|---|---|---|',
    );
    for (const r of failures.slice(0, max)) {
      out.push(
        `| ${code(testName(r.file, r.tcId))} | ${r.outcome} | ${code(r.op)} | ${cell(r.flags.join(', ')) || '-'} | ` +
          `${cell(r.rules.join(', ')) || '-'} | ${cell(r.detail) || '-'} |`,
      );
    }
    if (failures.length > max) out.push('', `… and ${failures.length - max} more (see the --json report).`);
    out.push('');
  }
  if (stale.length > 0) {
    out.push(`### Stale expected-failure entries (${stale.length})`, '');
    for (const e of stale) out.push(`- ${code(e.id)}: ${cell(e.message, 500)}`);
    out.push('');
  }
  const expected = report.results.filter((r) => r.expectedFailure !== undefined);
  if (expected.length > 0) {
    const byEntry = new Map<string, TestResult[]>();
    for (const r of expected)
      byEntry.set(r.expectedFailure!.id, [...(byEntry.get(r.expectedFailure!.id) ?? []), r]);
    out.push(`### Expected failures (${expected.length})`, '');
    for (const [id, rs] of byEntry) {
      const ef = rs[0]!.expectedFailure!;
      out.push(
        `- ${code(id)} (${rs.length} vector${rs.length === 1 ? '' : 's'}): ${cell(ef.reason, 300)}` +
          (ef.issue !== undefined ? ` — ${ef.issue}` : ''),
      );
    }
    out.push('');
  }
  for (const w of report.warnings) out.push(`> ⚠️ ${cell(w, 500)}`, '');
  return out.join('\n');
}
