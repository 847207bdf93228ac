// The human report of `conform fuzz`, for stderr: one block per finding with the shrunk input, the
// reference's answer, the implementation's, and the command that replays it.
import type { FuzzReport } from './fuzz.js';
import type { Outcome } from './oracle.js';

const MAX_VALUE = 160;

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}… (${text.length} chars)` : text;
}

function showOutcome(o: Outcome): string {
  return o.ok ? `ok ${show(o.results)}` : `error ${o.error}`;
}

export function formatFuzzReport(report: FuzzReport, options: { color: boolean }): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const red = (t: string) => paint('31', t);
  const green = (t: string) => paint('32', t);
  const bold = (t: string) => paint('1', t);
  const dim = (t: string) => paint('2', t);
  const lines: string[] = [];
  const impl = report.implementation.hello?.name ?? report.implementation.name;
  lines.push(
    bold(`conform fuzz: ${impl}`) +
      ` — mode ${report.mode}, seed ${report.seed}, ${report.cases} cases in ${(report.durationMs / 1000).toFixed(1)} s` +
      ` (${report.casesPerSecond} cases/s${report.interrupted ? ', stopped by the time limit' : ''})`,
  );
  if (report.ops.length > 0) lines.push(dim(`ops: ${report.ops.join(' ')}`));
  for (const [i, f] of report.findings.entries()) {
    lines.push('', red(`FINDING ${i + 1}: ${f.signature}`));
    lines.push(
      `  first at run ${f.run}, seen ${f.occurrences} time(s); ${f.shrunk ? `shrunk in ${f.shrinks} step(s)` : 'not shrunk (did not reproduce)'}`,
    );
    if (f.mutation !== undefined) lines.push(`  mutation: ${f.mutation}`);
    lines.push(`  input:    ${show(f.input)}`);
    const expected = f.expected.outcomes.map(showOutcome).join('  or  ');
    lines.push(
      `  expected: ${expected}${f.expected.divergence !== undefined ? dim(` (either: ${f.expected.divergence})`) : ''}`,
    );
    lines.push(`  actual:   ${show(f.actual)}`);
    lines.push(`  replay:   ${f.replay}`);
    if (f.regressionFile !== undefined) lines.push(`  saved:    ${f.regressionFile}`);
    if (f.regressionProblem !== undefined) lines.push(dim(`  not saved: ${f.regressionProblem}`));
  }
  lines.push('');
  if (report.stopped !== undefined) {
    lines.push(
      red(`the implementation failed as a process (${report.stopped.code}): ${report.stopped.message}`),
    );
    if (report.stopped.stderrTail !== '')
      lines.push(dim(report.stopped.stderrTail.trimEnd().split('\n').slice(-10).join('\n')));
  }
  if (report.exitCode === 4)
    lines.push('nothing to fuzz: the implementation lists none of the stateless ops');
  else if (report.findings.length === 0 && report.stopped === undefined)
    lines.push(green(`no findings in ${report.cases} cases`));
  else if (report.findings.length > 0) lines.push(red(`${report.findings.length} finding(s)`));
  if (report.skipped > 0) lines.push(dim(`${report.skipped} case(s) answered unsupported (skipped)`));
  if (report.restarts > 0) lines.push(dim(`${report.restarts} restart(s) of the implementation`));
  return `${lines.join('\n')}\n`;
}
