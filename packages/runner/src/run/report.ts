// Reports of `conform run`: a human summary (stderr), the JSON document (stdout) and JUnit XML.
import type { RunReport, TestResult } from './execute.js';
import { testName } from './select.js';

export interface HumanOptions {
  readonly color: boolean;
  /** Most failures listed in detail. Default 50. */
  readonly maxFailures?: number;
}

const indent = (text: string, pad: string) =>
  text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => pad + l)
    .join('\n');

export function formatHuman(report: RunReport, options: HumanOptions): string {
  const paint = (code: number, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const red = (s: string) => paint(31, s);
  const green = (s: string) => paint(32, s);
  const yellow = (s: string) => paint(33, s);
  const dim = (s: string) => paint(2, s);
  const hello = report.implementation.hello;
  const lines = [
    `conform run: ${report.implementation.name}` +
      (hello ? ` (${hello.name} ${hello.version}, ${hello.ops.length} ops)` : '') +
      (report.strict ? ', --strict' : ''),
  ];
  const files = new Map<string, TestResult[]>();
  for (const r of report.results) files.set(r.file, [...(files.get(r.file) ?? []), r]);
  for (const [file, rs] of files) {
    const n = (o: TestResult['outcome']) => rs.filter((r) => r.outcome === o).length;
    const bad = n('fail') + n('error');
    const parts = [`${n('pass')} pass`];
    if (n('acceptable')) parts.push(yellow(`${n('acceptable')} acceptable`));
    if (n('skip')) parts.push(dim(`${n('skip')} skipped`));
    if (n('expected-fail')) parts.push(yellow(`${n('expected-fail')} expected-fail`));
    if (n('fail')) parts.push(red(`${n('fail')} fail`));
    if (n('error')) parts.push(red(`${n('error')} error`));
    lines.push(`  ${bad > 0 ? red('FAIL') : green('ok  ')} ${file.padEnd(22)} ${parts.join(', ')}`);
  }
  const failures = report.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error');
  const max = options.maxFailures ?? 50;
  for (const r of failures.slice(0, max)) {
    lines.push(
      '',
      `${red(r.outcome === 'error' ? 'ERROR' : 'FAIL')} ${testName(r.file, r.tcId)} ${r.op}: ${r.comment}`,
      `  flags: ${r.flags.join(', ') || '-'}${r.rules.length ? `; rules: ${r.rules.join(', ')}` : ''}`,
      `  expected: ${short(r.expected)}`,
      `  actual:   ${short(r.actual)}`,
      `  ${r.detail}`,
    );
    if (r.stderrTail !== undefined)
      lines.push('  implementation stderr (tail):', indent(lastLines(r.stderrTail), '    '));
  }
  if (failures.length > max) lines.push('', `… and ${failures.length - max} more failures (see --json)`);
  if (report.stopped) {
    lines.push(
      '',
      red(
        `STOPPED: the implementation failed as a process (${report.stopped.code}): ${report.stopped.message}`,
      ),
    );
    if (report.stopped.line !== undefined) lines.push(`  offending line: ${report.stopped.line}`);
    if (report.stopped.stderrTail !== '') {
      lines.push('  implementation stderr (tail):', indent(lastLines(report.stopped.stderrTail), '    '));
    }
  }
  const stale = report.expectFail?.stale ?? [];
  if (stale.length > 0) lines.push('');
  for (const e of stale) lines.push(red(e.message));
  for (const w of report.warnings) lines.push(yellow(`warning: ${w}`));
  if (report.interrupted) lines.push(yellow('interrupted: the report is partial'));
  const s = report.summary;
  const summary =
    `${s.selected} selected: ${s.pass} pass, ${s.fail} fail, ${s.error} error, ${s.acceptable} acceptable, ` +
    `${s.skip} skipped` +
    (s.expectedFail ? `, ${s.expectedFail} expected-fail` : '') +
    (stale.length ? `, ${stale.length} stale expected-failure entr${stale.length === 1 ? 'y' : 'ies'}` : '') +
    (s.notRun ? `, ${s.notRun} not run` : '') +
    (report.restarts ? `; ${report.restarts} restart(s)` : '') +
    ` — exit ${report.exitCode} (${report.durationMs} ms, ${testsPerSecond(report)} tests/s)`;
  lines.push(report.exitCode === 0 ? green(summary) : red(summary), '');
  return lines.join('\n');
}

/** Tests judged per second of the run: the throughput of implementation and runner together. */
export function testsPerSecond(report: RunReport): string {
  const ran = report.summary.selected - report.summary.notRun;
  return (ran / Math.max(0.001, report.durationMs / 1000)).toFixed(0);
}

function short(value: unknown): string {
  const s = JSON.stringify(value) ?? 'undefined';
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

function lastLines(text: string, n = 20): string {
  return text.replace(/\n$/, '').split('\n').slice(-n).join('\n');
}

const xml = (s: string) =>
  s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** JUnit XML: one testsuite per vector file, one testcase per vector. */
export function formatJUnit(report: RunReport): string {
  const files = new Map<string, TestResult[]>();
  for (const r of report.results) files.set(r.file, [...(files.get(r.file) ?? []), r]);
  const s = report.summary;
  const stale = report.expectFail?.stale ?? [];
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="conform run ${xml(report.implementation.name)}" tests="${report.results.length + stale.length}" ` +
      `failures="${s.fail + stale.length}" errors="${s.error + (report.stopped ? 1 : 0)}" skipped="${s.skip + s.expectedFail}" time="${report.durationMs / 1000}">`,
  ];
  for (const [file, rs] of files) {
    const n = (o: TestResult['outcome']) => rs.filter((r) => r.outcome === o).length;
    out.push(
      `  <testsuite name="${xml(file)}" tests="${rs.length}" failures="${n('fail')}" errors="${n('error')}" skipped="${n('skip') + n('expected-fail')}">`,
    );
    for (const r of rs) {
      const name = xml(`${r.tcId}: ${r.comment}`);
      const head = `    <testcase classname="${xml(file.replace(/\.json$/, ''))}" name="${name}"`;
      const body = [
        `flags: ${r.flags.join(', ')}`,
        `rules: ${r.rules.join(', ')}`,
        `expected: ${JSON.stringify(r.expected)}`,
        `actual: ${JSON.stringify(r.actual)}`,
        r.stderrTail !== undefined ? `stderr:\n${r.stderrTail}` : '',
      ].join('\n');
      if (r.outcome === 'pass') out.push(`${head}/>`);
      else if (r.outcome === 'acceptable') {
        out.push(
          `${head}>`,
          `      <system-out>${xml(`acceptable: ${r.detail}`)}</system-out>`,
          '    </testcase>',
        );
      } else if (r.outcome === 'expected-fail' && r.expectedFailure !== undefined) {
        const ef = r.expectedFailure;
        const message = `expected failure (${ef.outcome}): ${ef.reason}${ef.issue !== undefined ? ` (${ef.issue})` : ''}`;
        out.push(
          `${head}>`,
          `      <skipped message="${xml(message)}"/>`,
          `      <system-out>${xml(`${r.detail}\n${body}`)}</system-out>`,
          '    </testcase>',
        );
      } else if (r.outcome === 'skip') {
        out.push(`${head}>`, `      <skipped message="${xml(r.detail)}"/>`, '    </testcase>');
      } else {
        const tag = r.outcome === 'error' ? 'error' : 'failure';
        out.push(
          `${head}>`,
          `      <${tag} message="${xml(r.detail)}">${xml(body)}</${tag}>`,
          '    </testcase>',
        );
      }
    }
    out.push('  </testsuite>');
  }
  if (report.stopped) {
    out.push(
      '  <testsuite name="implementation" tests="1" failures="0" errors="1" skipped="0">',
      `    <testcase classname="implementation" name="process"><error message="${xml(report.stopped.message)}">` +
        `${xml(`${report.stopped.code}\n${report.stopped.line ?? ''}\n${report.stopped.stderrTail}`)}</error></testcase>`,
      '  </testsuite>',
    );
  }
  if (stale.length > 0) {
    out.push(
      `  <testsuite name="expect-fail" tests="${stale.length}" failures="${stale.length}" errors="0" skipped="0">`,
      ...stale.map(
        (e) =>
          `    <testcase classname="expect-fail" name="${xml(e.id)}"><failure message="${xml(e.message)}"/></testcase>`,
      ),
      '  </testsuite>',
    );
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

/** Colour per NO_COLOR (any non-empty value disables), FORCE_COLOR (non-"0" enables), else a TTY. */
export function shouldUseColor(
  env: NodeJS.ProcessEnv = process.env,
  isTTY = process.stderr.isTTY === true,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}
