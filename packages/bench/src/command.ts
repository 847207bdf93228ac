// `conform bench <impl…>` as the runner's cli.ts calls it: options in, files written, a summary on
// stderr, an exit code out (docs/design.md §5).
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { ConfigError, EXIT_CODES } from '@conform/runner';
import { compareRecords, formatComparison, parseRecord, type Comparison } from './compare.js';
import { formatMarkdown } from './markdown.js';
import type { BenchRecord } from './record.js';
import { runBench, type BenchOptions } from './run-bench.js';
import { renderSvg } from './svg.js';
import { parseSize } from './workloads.js';

export interface BenchCommandOptions {
  readonly impls: readonly string[];
  readonly workloads?: readonly string[];
  /** As typed: `16`, `1KiB`, `1M`, … */
  readonly sizes?: readonly string[];
  readonly time?: number;
  readonly samples?: number;
  /** Write the record here; `-` for stdout. */
  readonly json?: string;
  readonly markdown?: string;
  readonly svg?: string;
  readonly compare?: string;
  /** false with --no-baseline. */
  readonly baseline?: boolean;
  readonly seed?: string;
  readonly timeout?: number;
  readonly quiet?: boolean;
}

export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * 130 interrupted; 3 an implementation could not be benchmarked at all; 1 a workload refused (a wrong
 * answer) or a regression against --compare; 4 nothing was timed; 0 otherwise.
 */
export function exitCodeOf(record: BenchRecord, comparison?: Comparison): number {
  if (record.interrupted) return EXIT_CODES.interrupted;
  if (record.implementations.some((i) => i.failure !== undefined)) return EXIT_CODES.implementation;
  const workloads = record.implementations.flatMap((i) => i.workloads);
  const refused = workloads.some((w) => w.mismatch !== undefined || w.bench_mismatch !== undefined);
  const regressed =
    comparison !== undefined && comparison.regressions.length + comparison.refusals.length > 0;
  if (refused || regressed) return EXIT_CODES.mismatch;
  if (!workloads.some((w) => w.status === 'timed')) return EXIT_CODES.empty;
  return EXIT_CODES.ok;
}

function fileOption(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value === '') throw new ConfigError(`--${name} needs a file name`);
  return value;
}

export async function runBenchCommand(
  options: BenchCommandOptions,
  io: CommandIo = processIo,
): Promise<number> {
  const json = fileOption('json', options.json);
  const markdown = fileOption('markdown', options.markdown);
  const svg = fileOption('svg', options.svg);
  const compare = fileOption('compare', options.compare);
  let older: BenchRecord | undefined;
  if (compare !== undefined) {
    let text: string;
    try {
      text = readFileSync(compare, 'utf8');
    } catch (error) {
      throw new ConfigError(`--compare: cannot read ${compare}: ${(error as Error).message}`);
    }
    older = parseRecord(text, compare);
  }
  const sizes = options.sizes
    ?.flatMap((s) => s.split(','))
    .filter((s) => s.trim() !== '')
    .map(parseSize);
  const workloads = options.workloads?.flatMap((s) => s.split(',')).filter((s) => s.trim() !== '');

  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(EXIT_CODES.interrupted);
    io.stderr(
      '\nconform bench: interrupted; finishing the current workload (Ctrl-C again to quit at once)\n',
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const benchOptions: BenchOptions = {
    implementations: options.impls,
    ...(workloads !== undefined && workloads.length > 0 ? { workloads } : {}),
    ...(sizes !== undefined && sizes.length > 0 ? { sizes } : {}),
    ...(options.time !== undefined ? { timeMs: options.time } : {}),
    ...(options.samples !== undefined ? { maxSamples: options.samples } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.timeout !== undefined ? { timeoutMs: options.timeout } : {}),
    baseline: options.baseline ?? true,
    signal: controller.signal,
    ...(options.quiet ? {} : { log: (line: string) => io.stderr(line + '\n') }),
  };
  let record: BenchRecord;
  try {
    record = await runBench(benchOptions);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const document = JSON.stringify(record, null, 2) + '\n';
  if (json === '-') io.stdout(document);
  else if (json !== undefined) writeFileSync(json, document);
  if (markdown !== undefined) {
    const text = formatMarkdown(record);
    writeFileSync(markdown, text);
    const summary = process.env['GITHUB_STEP_SUMMARY'];
    if (summary !== undefined && summary !== '') appendFileSync(summary, text + '\n');
  }
  if (svg !== undefined) writeFileSync(svg, renderSvg(record));
  io.stderr('\n' + formatMarkdown(record, { pad: true }) + '\n');
  const comparison = older === undefined ? undefined : compareRecords(older, record);
  if (comparison !== undefined) io.stderr(formatComparison(comparison, compare!));
  const written = [json !== undefined && json !== '-' ? json : undefined, markdown, svg].filter(
    (f) => f !== undefined,
  );
  if (written.length > 0) io.stderr(`conform bench: wrote ${written.join(', ')}\n`);
  const code = exitCodeOf(record, comparison);
  io.stderr(`conform bench: ${(record.duration_ms / 1000).toFixed(1)} s — exit ${code}\n`);
  return code;
}
