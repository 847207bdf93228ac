// GitHub Actions workflow commands for `conform run` (printed when GITHUB_ACTIONS=true): one
// `::error` per failure (capped), `::warning` per stale --expect-fail entry, and one `::error`
// when the implementation failed as a process.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import type { RunReport } from './execute.js';
import { testName } from './select.js';

export interface AnnotationOptions {
  /** Most failures annotated. Default 50. */
  readonly maxFailures?: number;
}

/** Escapes a command's message (data): `%`, CR and LF. */
export const escapeData = (s: string): string =>
  s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** Escapes a command property value: as data, plus `:` and `,`. */
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const command = (kind: 'error' | 'warning', title: string, message: string): string =>
  `::${kind} title=${escapeProperty(title)}::${escapeData(message)}`;

export function shouldAnnotate(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/** The workflow-command lines, each ending in a newline (empty when there is nothing to say). */
export function formatAnnotations(report: RunReport, options: AnnotationOptions = {}): string {
  const max = options.maxFailures ?? 50;
  const lines: string[] = [];
  const failures = report.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error');
  for (const r of failures.slice(0, max)) {
    const rules = r.rules.length ? ` [rules: ${r.rules.join(', ')}]` : '';
    const flags = r.flags.length ? ` [flags: ${r.flags.join(', ')}]` : '';
    lines.push(
      command(
        'error',
        `conform ${testName(r.file, r.tcId)}`,
        `${r.outcome === 'error' ? 'ERROR' : 'FAIL'} ${r.op}: ${r.detail}${flags}${rules}`,
      ),
    );
  }
  if (failures.length > max) {
    lines.push(
      command('error', 'conform', `… and ${failures.length - max} more failures (see the job log or --json)`),
    );
  }
  for (const e of report.expectFail?.stale ?? []) {
    lines.push(command('warning', `conform expect-fail ${e.id}`, e.message));
  }
  if (report.stopped) {
    lines.push(
      command(
        'error',
        'conform implementation',
        `the implementation failed as a process (${report.stopped.code}): ${report.stopped.message}`,
      ),
    );
  }
  return lines.map((l) => l + '\n').join('');
}
