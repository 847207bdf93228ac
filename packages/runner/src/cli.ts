#!/usr/bin/env node
// The `conform` command: a thin yargs layer that parses arguments and calls library functions
// (which the tests call directly). Humans read stderr; `--json` prints one document on stdout.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { formatSelfCheck, runSelfCheck } from './selfcheck.js';

export const EXIT = { ok: 0, mismatch: 1, usage: 2, implementation: 3, empty: 4, interrupted: 130 } as const;

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
      process.stderr.write(formatSelfCheck(report, { color: useColor() }));
      process.exitCode = report.failed === 0 && report.passed > 0 ? EXIT.ok : EXIT.mismatch;
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

function useColor(): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return process.stderr.isTTY === true;
}
