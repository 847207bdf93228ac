#!/usr/bin/env node
// The `conform` command: a thin yargs layer that parses arguments and calls library functions
// (which the tests call directly). Humans read stderr; `--json` prints one document on stdout.
import { appendFileSync, writeFileSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { formatAnnotations, shouldAnnotate } from './run/annotations.js';
import { ConfigError } from './run/errors.js';
import { EXIT_CODES, runVectors } from './run/execute.js';
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
        process.stderr.write(formatHuman(report, { color }));
        // Workflow commands go to stderr, which the Actions runner reads too; stdout stays --json.
        if (shouldAnnotate()) process.stderr.write(formatAnnotations(report));
        process.exitCode = report.exitCode;
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
