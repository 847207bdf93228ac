#!/usr/bin/env node
// The `conform` command: a thin yargs layer that parses arguments and calls library functions
// (which the tests call directly). Humans read stderr; `--json` prints one document on stdout.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { formatAnnotations, shouldAnnotate } from './run/annotations.js';
import { ConfigError } from './run/errors.js';
import { EXIT_CODES, runVectors, type RunReport } from './run/execute.js';
import { DEFAULT_SEED } from './run/transcript.js';
import { loadExpectFail } from './run/expect-fail.js';
import { resolveImplSpec, type ImplSpec } from './run/impl-spec.js';
import { formatMarkdown } from './run/markdown.js';
import { formatHuman, formatJUnit, shouldUseColor } from './run/report.js';
import { parseShard, selectTests, testName } from './run/select.js';
import { formatSelfCheck, runSelfCheck } from './selfcheck.js';
import { formatVerdicts, verifyVectorFiles } from './vectors-verify.js';

export const EXIT = EXIT_CODES;

// `conform fuzz` and `conform timing` live in their own packages (@conform/fuzz, @conform/timing),
// which depend on this one; they are loaded when the command runs, by a name TypeScript does not
// resolve, so the packages stay acyclic. These are the parts of their APIs the CLI uses.
interface ToolReport {
  readonly exitCode: number;
}
interface FuzzModule {
  runFuzz(spec: ImplSpec, options: Record<string, unknown>): Promise<ToolReport>;
  formatFuzzReport(report: ToolReport, options: { color: boolean }): string;
  runChatFuzz(spec: ImplSpec, options: Record<string, unknown>): Promise<ToolReport>;
  formatChatFuzzReport(report: ToolReport): string;
}
interface TimingReportLike {
  readonly verdict: string;
}
interface TimingModule {
  runTimingProbe(spec: ImplSpec, options: Record<string, unknown>): Promise<TimingReportLike>;
  formatTimingReport(report: TimingReportLike, options: { color: boolean }): string;
  TimingProbeError: new (...args: never[]) => Error;
}

// `run --html` and `conform matrix` draw their pages with @conform/report, loaded the same way
// (it depends on the runner only to test against). `matrix --bench` uses @conform/bench.
interface WrittenFile {
  readonly path: string;
  readonly bytes: number;
}
interface ReportModule {
  writeRunReport(path: string, report: RunReport): WrittenFile;
  writeMatrix(
    runs: readonly { label: string; report: RunReport }[],
    options: Record<string, unknown>,
  ): { readonly document: unknown; readonly files: readonly WrittenFile[] };
  describeMachine(): string;
  isSvg(text: string): boolean;
}
interface BenchModule {
  runBench(options: Record<string, unknown>): Promise<unknown>;
  parseRecord(text: string, source: string): unknown;
  renderSvg(record: unknown): string;
}

/** Writes a report page; a path that cannot be written is a usage error, not a crash. */
function writePage<T>(write: () => T): T {
  try {
    return write();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (typeof e.code === 'string' || e instanceof RangeError) throw new ConfigError(e.message);
    throw error;
  }
}

async function importTool<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    throw new ConfigError(`${name} is not built (run npm run build): ${(error as Error).message}`);
  }
}

const asList = (v: unknown): string[] =>
  v === undefined
    ? []
    : (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).filter((s) => s !== '');

try {
  await yargs(hideBin(process.argv))
    .scriptName('conform')
    .usage(
      '$0 <command> [options]\n\nConformance, fuzz and benchmark harness for Telegram secret chats (MTProto 2.0 E2E).',
    )
    .command(
      'selfcheck',
      'Check the bundled reference implementation against known answers published by Telegram, TDLib and third-party libraries (mtcute, GramJS, grammers)',
      (y) =>
        y.option('json', { type: 'boolean', default: false, describe: 'Print one JSON document on stdout' }),
      async (argv) => {
        const report = await runSelfCheck();
        if (argv.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        process.stderr.write(formatSelfCheck(report, { color: shouldUseColor() }));
        process.exitCode = report.failed === 0 && report.passed > 0 ? EXIT.ok : EXIT.mismatch;
      },
    )
    .command(
      'vectors verify [files..]',
      'Check vector files: valid against the JSON schema each names, and consistent (counts, unique tcIds, flags noted, fields present); the bundled files by default',
      (y) =>
        y
          .positional('files', {
            type: 'string',
            array: true,
            describe: 'Vector files to check instead of the bundled ones',
          })
          .option('json', { type: 'boolean', default: false, describe: 'Print one JSON document on stdout' }),
      (argv) => {
        const verdicts = verifyVectorFiles(asList(argv.files));
        if (argv.json) process.stdout.write(JSON.stringify(verdicts, null, 2) + '\n');
        process.stderr.write(formatVerdicts(verdicts));
        process.exitCode = verdicts.every((v) => v.problems.length === 0) ? EXIT.ok : EXIT.mismatch;
      },
    )
    .command(
      'fuzz <impl>',
      'Fuzz an implementation against the reference: generated inputs for every stateless op it supports (differential), mutated wire messages (mutation), and model-based chat sessions through the chat ops (chat)',
      (y) =>
        y
          .positional('impl', {
            type: 'string',
            demandOption: true,
            describe: 'A directory with conform.json, or an executable',
          })
          .option('mode', {
            choices: ['differential', 'mutation', 'chat', 'all'] as const,
            default: 'all' as const,
            describe: 'What to fuzz; all runs the stateless modes, then chat sessions',
          })
          .option('seed', { type: 'number', describe: 'fast-check seed (printed, so a run can be replayed)' })
          .option('runs', { type: 'number', describe: 'Cases per mode (default: the mode’s own budget)' })
          .option('time', { type: 'number', describe: 'Stop generating after this many seconds per mode' })
          .option('save', {
            type: 'string',
            describe: 'Write each finding as a regression vector file into this directory',
          })
          .option('timeout', {
            type: 'number',
            default: 10_000,
            describe: 'Per-request timeout in milliseconds',
          }),
      async (argv) => {
        const spec = resolveImplSpec(argv.impl);
        const seed = argv.seed ?? Math.floor(Math.random() * 2 ** 31);
        const log = (line: string) => process.stderr.write(line + '\n');
        const color = shouldUseColor();
        const codes: number[] = [];
        if (argv.mode !== 'chat') {
          const fuzz = await importTool<FuzzModule>('@conform/fuzz');
          const report = await fuzz.runFuzz(spec, {
            mode: argv.mode,
            seed,
            timeoutMs: argv.timeout,
            log,
            ...(argv.runs !== undefined ? { runs: argv.runs } : {}),
            ...(argv.time !== undefined ? { timeMs: argv.time * 1000 } : {}),
            ...(argv.save !== undefined ? { saveDir: argv.save } : {}),
            ...(argv.ops !== undefined ? { ops: asList(argv.ops) } : {}),
          });
          process.stderr.write(fuzz.formatFuzzReport(report, { color }));
          codes.push(report.exitCode);
        }
        if (argv.mode === 'chat' || argv.mode === 'all') {
          const fuzz = await importTool<FuzzModule>('@conform/fuzz');
          const report = await fuzz.runChatFuzz(spec, {
            seed,
            timeoutMs: argv.timeout,
            log,
            implLabel: argv.impl,
            ...(argv.runs !== undefined ? { runs: argv.runs } : {}),
            ...(argv.time !== undefined ? { timeMs: argv.time * 1000 } : {}),
          });
          process.stderr.write(fuzz.formatChatFuzzReport(report));
          // "all" on an implementation without chat ops: the stateless result stands.
          if (!(argv.mode === 'all' && report.exitCode === EXIT.empty)) codes.push(report.exitCode);
        }
        process.exitCode = codes.includes(EXIT.implementation)
          ? EXIT.implementation
          : codes.includes(EXIT.mismatch)
            ? EXIT.mismatch
            : codes.every((c) => c === EXIT.empty)
              ? EXIT.empty
              : EXIT.ok;
      },
    )
    .command(
      'timing <impl>',
      "Time e2e.decrypt rejections class by class (random msg_key; real msg_key over bad padding; over a bad length field) and look for a difference with Welch's t-test, dudect-style; advisory",
      (y) =>
        y
          .positional('impl', {
            type: 'string',
            demandOption: true,
            describe: 'A directory with conform.json, or an executable',
          })
          .option('samples', { type: 'number', default: 5000, describe: 'Measurements per class' })
          .option('seed', {
            type: 'number',
            describe: 'Seed of the key, the messages and the order; printed in the report',
          })
          .option('time', {
            type: 'number',
            default: 120,
            describe: 'Stop collecting after this many seconds, even short of --samples',
          })
          .option('json', {
            type: 'boolean',
            default: false,
            describe: 'Print the report as one JSON document on stdout',
          })
          .option('fail-on-leak', {
            type: 'boolean',
            default: false,
            describe: 'Exit 1 when a pair shows a leak (default: exit 0, advisory)',
          })
          .option('quiet', { type: 'boolean', default: false, describe: 'No progress lines on stderr' }),
      async (argv) => {
        const timing = await importTool<TimingModule>('@conform/timing');
        try {
          const report = await timing.runTimingProbe(resolveImplSpec(argv.impl), {
            samples: argv.samples,
            timeMs: argv.time * 1000,
            ...(argv.seed !== undefined ? { seed: argv.seed } : {}),
            ...(argv.quiet ? {} : { log: (line: string) => process.stderr.write(line + '\n') }),
          });
          if (argv.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
          process.stderr.write(timing.formatTimingReport(report, { color: shouldUseColor() }));
          process.exitCode = argv['fail-on-leak'] && report.verdict === 'leak' ? EXIT.mismatch : EXIT.ok;
        } catch (error) {
          if (!(error instanceof timing.TimingProbeError)) throw error;
          process.stderr.write(`conform timing: ${error.message}\n`);
          process.exitCode = EXIT.implementation;
        }
      },
    )
    .command(
      'bench <impls..>',
      'Benchmark implementations: the vector suites first, then per workload a check of the answer against the reference (a wrong one is refused, never timed), in-process timing through the bench op and the round trip over the pipe, as ratios to the machine’s sequential AES-NI limit measured in the same run (the fastest one-thread AES-256 chain: OpenSSL EVP CBC or AES-NI IGE in C, or node:crypto CBC)',
      (y) =>
        y
          .positional('impls', {
            type: 'string',
            array: true,
            demandOption: true,
            describe: 'Implementations: directories with conform.json, or executables',
          })
          .option('workloads', {
            type: 'string',
            array: true,
            describe:
              'ige.encrypt, ige.decrypt, e2e.encrypt, e2e.decrypt, mtproto2.msg_key, mtproto2.kdf, dh.key, or ige, e2e, msg_key+kdf, dh, all (default); repeatable or comma-separated',
          })
          .option('sizes', {
            type: 'string',
            array: true,
            describe:
              'Message sizes instead of each workload’s own (16, 1KiB, 64K, 1MiB; binary K and M); each sized workload takes those it can; repeatable or comma-separated',
          })
          .option('time', {
            type: 'number',
            default: 1000,
            describe:
              'Sampling budget per workload and implementation in ms (the round trip gets half more; the baselines half per size)',
          })
          .option('samples', {
            type: 'number',
            default: 50,
            describe: 'At most this many samples a workload',
          })
          .option('json', { type: 'string', describe: 'Write the JSON record to this file (- for stdout)' })
          .option('markdown', {
            type: 'string',
            describe:
              'Write the Markdown tables to this file (also appended to $GITHUB_STEP_SUMMARY when set)',
          })
          .option('svg', {
            type: 'string',
            describe: 'Write the chart (MB/s against message size) to this file',
          })
          .option('compare', {
            type: 'string',
            describe: 'Compare with an earlier --json record; a slowdown beyond noise exits 1',
          })
          .option('baseline', {
            type: 'boolean',
            default: true,
            describe: 'Measure the limit and the baselines (--no-baseline: no ratios)',
          })
          .option('seed', { type: 'string', default: 'conform-bench', describe: 'Seed of every input' })
          .option('timeout', {
            type: 'number',
            default: 60_000,
            describe: 'Per-request timeout in milliseconds',
          })
          .option('quiet', { type: 'boolean', default: false, describe: 'No progress lines on stderr' }),
      async (argv) => {
        const bench = await importTool<{
          runBenchCommand(options: Record<string, unknown>): Promise<number>;
        }>('@conform/bench');
        process.exitCode = await bench.runBenchCommand({
          impls: (argv.impls ?? []).map(String),
          ...(argv.workloads !== undefined ? { workloads: asList(argv.workloads) } : {}),
          ...(argv.sizes !== undefined ? { sizes: asList(argv.sizes) } : {}),
          time: argv.time,
          samples: argv.samples,
          ...(argv.json !== undefined ? { json: argv.json } : {}),
          ...(argv.markdown !== undefined ? { markdown: argv.markdown } : {}),
          ...(argv.svg !== undefined ? { svg: argv.svg } : {}),
          ...(argv.compare !== undefined ? { compare: argv.compare } : {}),
          baseline: argv.baseline,
          seed: argv.seed,
          timeout: argv.timeout,
          quiet: argv.quiet,
        });
      },
    )
    .command(
      'run <impl>',
      'Run the vector suites against an implementation speaking the conform protocol over stdio',
      (y) =>
        y
          .positional('impl', {
            type: 'string',
            demandOption: true,
            describe: 'A directory with conform.json ({"name", "command": [argv...]}) or an executable file',
          })
          .option('suite', {
            type: 'string',
            array: true,
            describe:
              'Run only this vector file (its stem: ige, e2e_decrypt, ...); repeatable or comma-separated',
          })
          .option('filter', {
            type: 'string',
            describe:
              'Run only tests whose "file#tcId comment" contains this text (case-insensitive) or matches /regex/flags',
          })
          .option('shard', {
            type: 'string',
            describe: 'Run the K-th of N interleaved shards of the selection (K/N, 1-based)',
          })
          .option('vectors', {
            type: 'string',
            array: true,
            describe:
              'Run these vector files instead of the bundled ones (e.g. regression files from conform fuzz --save); repeatable',
          })
          .option('json', {
            type: 'boolean',
            default: false,
            describe: 'Print one JSON document (summary and every result) on stdout',
          })
          .option('junit', {
            type: 'string',
            describe:
              'Write a JUnit XML report (one testcase per vector; expected failures as skipped) to this file',
          })
          .option('markdown', {
            type: 'string',
            describe:
              'Write a Markdown summary (per-file table, first 50 failures) to this file; also appended to $GITHUB_STEP_SUMMARY when that is set',
          })
          .option('html', {
            type: 'string',
            describe:
              'Write a self-contained HTML report (summary, rule × suite grid, every failure with its byte diff, filters; no network) to this file',
          })
          .option('expect-fail', {
            type: 'string',
            describe:
              'JSON manifest of known failures: [{"id": "file#tcId" | "file#*" | "/regex/", "reason", "issue"?, "expires"?: "YYYY-MM-DD"}]; ' +
              'matching failures are reported expected-fail; a stale entry (matches nothing, its vectors pass, or expired) exits 1',
          })
          .option('timeout', {
            type: 'number',
            default: 10_000,
            describe:
              'Per-request timeout in milliseconds: the longest silence allowed while requests are unanswered',
          })
          .option('jobs', {
            type: 'number',
            default: 1,
            describe: 'Run this many implementation processes at once, the selected tests dealt among them',
          })
          .option('seed', {
            type: 'string',
            default: DEFAULT_SEED,
            describe:
              'Seed of the randomness of the peer conform plays in chat transcripts; results must not depend on it, so a different seed is a cheap extra check',
          })
          .option('allow-empty', {
            type: 'boolean',
            default: false,
            describe: 'Exit 0 rather than 4 when nothing ran',
          })
          .option('strict', {
            type: 'boolean',
            default: false,
            describe:
              "Require the strict outcome for acceptable tests and transcripts: the group's error where it names one (success where the test says strict: valid), the strict observations for transcripts",
          }),
      async (argv) => {
        const jobs = argv.jobs;
        if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64)
          throw new ConfigError('--jobs must be a whole number from 1 to 64');
        const timeout = argv.timeout;
        if (!Number.isFinite(timeout) || timeout <= 0)
          throw new ConfigError('--timeout must be a positive number of ms');
        const spec = resolveImplSpec(argv.impl);
        const expectFail =
          argv['expect-fail'] !== undefined ? loadExpectFail(argv['expect-fail']) : undefined;
        const controller = new AbortController();
        const onSignal = () => {
          if (controller.signal.aborted) process.exit(EXIT.interrupted);
          process.stderr.write(
            '\nconform: interrupted; writing the partial report (Ctrl-C again to quit at once)\n',
          );
          controller.abort();
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        const color = shouldUseColor();
        // Loaded before the run, so a missing build fails at once rather than after it.
        if (argv.html === '') throw new ConfigError('--html needs a file name');
        const pages = argv.html !== undefined ? await importTool<ReportModule>('@conform/report') : undefined;
        const report = await runVectors(spec, {
          suites: asList(argv.suite),
          ...(argv.filter !== undefined ? { filter: argv.filter } : {}),
          ...(argv.shard !== undefined ? { shard: parseShard(argv.shard) } : {}),
          ...(argv.vectors !== undefined ? { vectorFiles: asList(argv.vectors) } : {}),
          timeoutMs: timeout,
          strict: argv.strict,
          seed: argv.seed,
          jobs,
          onProgress: progressPrinter(),
          allowEmpty: argv['allow-empty'],
          signal: controller.signal,
          ...(expectFail !== undefined ? { expectFail } : {}),
          log: (line) => process.stderr.write(line + '\n'),
        });
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        if (argv.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        if (argv.junit !== undefined) writeFileSync(argv.junit, formatJUnit(report));
        if (argv.markdown !== undefined) {
          const markdown = formatMarkdown(report);
          writeFileSync(argv.markdown, markdown);
          const summary = process.env.GITHUB_STEP_SUMMARY;
          if (summary !== undefined && summary !== '') appendFileSync(summary, markdown + '\n');
        }
        if (pages !== undefined && argv.html !== undefined) {
          const page = writePage(() => pages.writeRunReport(argv.html!, report));
          process.stderr.write(`conform: wrote ${page.path} (${(page.bytes / 1024).toFixed(0)} KiB)\n`);
        }
        process.stderr.write(formatHuman(report, { color }));
        // Workflow commands go to stderr, which the Actions runner reads too; stdout stays --json.
        if (shouldAnnotate()) process.stderr.write(formatAnnotations(report));
        process.exitCode = report.exitCode;
      },
    )
    .command(
      'matrix <impls..>',
      'Run the vector suites against several implementations and write one self-contained HTML matrix (rows: suites, rule ids, vector groups; columns: implementations; failing cells link to their vectors) and the same data as JSON; exits 0 once written (each column’s exit code is in the JSON)',
      (y) =>
        y
          .positional('impls', {
            type: 'string',
            array: true,
            demandOption: true,
            describe: 'Implementations, as for run: directories with conform.json, or executables',
          })
          .option('html', {
            type: 'string',
            default: 'conform-matrix.html',
            describe: 'Write the matrix page to this file',
          })
          .option('json-file', {
            type: 'string',
            describe: 'Write the matrix data to this JSON file (default: the --html path ending in .json)',
          })
          .option('json', {
            type: 'boolean',
            default: false,
            describe: 'Also print the matrix data as one JSON document on stdout',
          })
          .option('reports', {
            type: 'string',
            describe:
              'Also write each implementation’s own run page (as run --html) into this directory, linked from the matrix',
          })
          .option('suite', {
            type: 'string',
            array: true,
            describe: 'Run only this vector file (stem); repeatable or comma-separated',
          })
          .option('filter', {
            type: 'string',
            describe: 'Run only tests whose "file#tcId comment" contains this text or matches /regex/flags',
          })
          .option('timeout', {
            type: 'number',
            default: 10_000,
            describe: 'Per-request timeout in milliseconds',
          })
          .option('jobs', {
            type: 'number',
            default: 1,
            describe: 'Processes per implementation at once (implementations run one after another)',
          })
          .option('seed', {
            type: 'string',
            default: DEFAULT_SEED,
            describe: 'Seed of the peer conform plays in chat transcripts',
          })
          .option('strict', {
            type: 'boolean',
            default: false,
            describe: 'Require the strict outcome for acceptable tests and transcripts, as run --strict',
          })
          .option('bench', {
            type: 'boolean',
            default: false,
            describe:
              'Also run conform bench on the same implementations (tests only, default budget) and embed its chart',
          })
          .option('bench-file', {
            type: 'string',
            describe:
              'Embed this bench chart instead: an SVG file, or a record written by conform bench --json',
          }),
      async (argv) => {
        const labels = (argv.impls ?? []).map(String);
        if (labels.length === 0) throw new ConfigError('name at least one implementation');
        if (argv.html === '') throw new ConfigError('--html needs a file name');
        if (!Number.isInteger(argv.jobs) || argv.jobs < 1 || argv.jobs > 64)
          throw new ConfigError('--jobs must be a whole number from 1 to 64');
        if (!Number.isFinite(argv.timeout) || argv.timeout <= 0)
          throw new ConfigError('--timeout must be a positive number of ms');
        if (argv.bench && argv['bench-file'] !== undefined)
          throw new ConfigError(
            '--bench runs the benchmark, --bench-file embeds a saved one: give one of them',
          );
        // Every path is checked before anything runs.
        const specs = labels.map((label) => resolveImplSpec(label));
        const pages = await importTool<ReportModule>('@conform/report');
        const log = (line: string) => process.stderr.write(line + '\n');
        let bench: { svg: string; source: string; record?: unknown } | undefined;
        const benchFile = argv['bench-file'];
        if (benchFile !== undefined) {
          let text: string;
          try {
            text = readFileSync(benchFile, 'utf8');
          } catch (error) {
            throw new ConfigError(`--bench-file: cannot read ${benchFile}: ${(error as Error).message}`);
          }
          if (pages.isSvg(text)) bench = { svg: text, source: benchFile };
          else {
            const tool = await importTool<BenchModule>('@conform/bench');
            try {
              const record = tool.parseRecord(text, benchFile);
              bench = { svg: tool.renderSvg(record), source: benchFile, record };
            } catch (error) {
              throw new ConfigError(
                `--bench-file: ${benchFile} is neither an SVG nor a conform bench record: ${(error as Error).message.replace(/^--\w+: /, '')}`,
              );
            }
          }
        }
        const controller = new AbortController();
        const onSignal = () => {
          if (controller.signal.aborted) process.exit(EXIT.interrupted);
          log('\nconform matrix: interrupted; writing the matrix so far (Ctrl-C again to quit at once)');
          controller.abort();
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        const runs: { label: string; report: RunReport }[] = [];
        for (const [i, spec] of specs.entries()) {
          if (controller.signal.aborted) break;
          const label = labels[i]!;
          log(`conform matrix: ${i + 1}/${specs.length} ${label}`);
          const report = await runVectors(spec, {
            suites: asList(argv.suite),
            ...(argv.filter !== undefined ? { filter: argv.filter } : {}),
            timeoutMs: argv.timeout,
            strict: argv.strict,
            seed: argv.seed,
            jobs: argv.jobs,
            allowEmpty: true,
            signal: controller.signal,
            log,
          });
          const s = report.summary;
          log(
            `conform matrix: ${label}: ${s.pass} pass, ${s.fail} fail, ${s.error} error, ${s.acceptable} acceptable, ` +
              `${s.skip} skipped — exit ${report.exitCode}${report.stopped ? ` (stopped: ${report.stopped.code})` : ''}`,
          );
          runs.push({ label, report });
        }
        if (argv.bench && !controller.signal.aborted) {
          const tool = await importTool<BenchModule>('@conform/bench');
          const record = await tool.runBench({
            implementations: labels,
            vectorSuites: 'none',
            log,
            signal: controller.signal,
          });
          bench = { svg: tool.renderSvg(record), source: 'conform bench, run with this matrix', record };
        }
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        const written = writePage(() =>
          pages.writeMatrix(runs, {
            html: argv.html,
            ...(argv['json-file'] !== undefined ? { json: argv['json-file'] } : {}),
            ...(argv.reports !== undefined ? { reportsDir: argv.reports } : {}),
            ...(bench !== undefined ? { bench } : {}),
            generatedAt: new Date().toISOString(),
            machine: pages.describeMachine(),
          }),
        );
        for (const f of written.files)
          log(`conform matrix: wrote ${f.path} (${(f.bytes / 1024).toFixed(0)} KiB)`);
        if (argv.json) process.stdout.write(JSON.stringify(written.document, null, 2) + '\n');
        process.exitCode = controller.signal.aborted ? EXIT.interrupted : EXIT.ok;
      },
    )
    .command(
      'list',
      'List the vectors a run would execute (file#tcId, op, expected result, comment) on stdout',
      (y) =>
        y
          .option('suite', {
            type: 'string',
            array: true,
            describe: 'Only this vector file (stem); repeatable or comma-separated',
          })
          .option('filter', {
            type: 'string',
            describe: 'Only tests whose "file#tcId comment" contains this text or matches /regex/flags',
          })
          .option('shard', { type: 'string', describe: 'Only the K-th of N interleaved shards (K/N)' }),
      (argv) => {
        const tests = selectTests({
          suites: asList(argv.suite),
          ...(argv.filter !== undefined ? { filter: argv.filter } : {}),
          ...(argv.shard !== undefined ? { shard: parseShard(argv.shard) } : {}),
        });
        const out = tests.map(
          (t) => `${testName(t.file, t.test.tcId)}\t${t.group.op}\t${t.test.result}\t${t.test.comment}`,
        );
        process.stdout.write(out.join('\n') + (out.length ? '\n' : ''));
        process.stderr.write(`${tests.length} test(s)\n`);
      },
    )
    .demandCommand(1, 'Name a command (see --help).')
    .strict()
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`conform: ${message}\nRun 'conform --help' for usage.\n`);
      process.exit(EXIT.usage);
    })
    .help()
    .version(false)
    .wrap(Math.min(110, process.stderr.columns ?? 100))
    .parseAsync();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`conform: ${error.message}\n`);
    process.exitCode = EXIT.usage;
  } else {
    throw error;
  }
}

/**
 * Progress on stderr while a run lasts: rewritten in place on a terminal (at most 10 times a
 * second), otherwise a line every 10 s, so CI logs show a long run is alive without flooding.
 */
function progressPrinter(): (done: number, total: number) => void {
  const tty = process.stderr.isTTY;
  const every = tty ? 100 : 10_000;
  const started = performance.now();
  let last = started;
  return (done, total) => {
    const now = performance.now();
    const finished = done === total;
    if (!finished && now - last < every) return;
    if (finished && !tty) return;
    last = now;
    const rate = (done / Math.max(0.001, (now - started) / 1000)).toFixed(0);
    const line = `conform: ${done}/${total} tests, ${rate} tests/s`;
    process.stderr.write(tty ? `\r${line}${finished ? '\r\u001b[K' : ''}` : `${line}\n`);
  };
}
