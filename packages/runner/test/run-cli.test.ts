// The `conform run` / `conform list` command line, compiled from src into test-results/ (never
// the possibly stale dist/) and run as a process: exit codes, one JSON document on stdout, JUnit.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './run-helpers.js';

const pkg = join(import.meta.dirname, '..');
const out = join(pkg, 'test-results', 'cli-build');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [join(out, 'cli.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });

describe('conform CLI', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [
      tsc,
      '-p',
      join(pkg, 'tsconfig.build.json'),
      '--outDir',
      out,
      '--sourceMap',
      'false',
    ]);
    expect(existsSync(join(out, 'cli.js'))).toBe(true);
  }, 120_000);

  it('run --json prints exactly one JSON document and exits 0; --junit writes XML', () => {
    const junit = join(out, 'report.xml');
    const r = cli('run', join(FIXTURES, 'ige-dir'), '--suite', 'ige', '--json', '--junit', junit);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { exitCode: number; summary: { pass: number } };
    expect(report.exitCode).toBe(0);
    expect(report.summary.pass).toBe(58);
    expect(r.stderr).toMatch(/ok {3}ige_test\.json/);
    expect(readFileSync(junit, 'utf8').match(/<testcase /g)).toHaveLength(58);
  });

  it('exits 4 when nothing runs, unless --allow-empty', () => {
    expect(cli('run', join(FIXTURES, 'ige-dir'), '--suite', 'tl').status).toBe(4);
    expect(cli('run', join(FIXTURES, 'ige-dir'), '--suite', 'tl', '--allow-empty').status).toBe(0);
  });

  it('exits 2 on usage and configuration errors', () => {
    expect(cli('run', FIXTURES).status).toBe(2); // no conform.json
    expect(cli('run', join(FIXTURES, 'ige-dir'), '--suite', 'nope').status).toBe(2);
    expect(cli('run', join(FIXTURES, 'ige-dir'), '--shard', '5/2').status).toBe(2);
    expect(cli('run').status).toBe(2);
    expect(cli('run', join(FIXTURES, 'ige-dir'), '--no-such-option').status).toBe(2);
  });

  it('exits 3 when the implementation breaks, and 130 on SIGINT with the partial JSON report', async () => {
    expect(cli('run', join(FIXTURES, 'hang-dir'), '--suite', 'ige', '--timeout', '200').status).toBe(3);
    // SIGINT only once the implementation runs: the runner's handler is installed before it starts
    // it, and a loaded machine can take seconds to get there.
    const started = join(mkdtempSync(join(tmpdir(), 'conform-sigint-')), 'started');
    const child = spawn(
      process.execPath,
      [join(out, 'cli.js'), 'run', join(FIXTURES, 'hang-dir'), '--json'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, CONFORM_TEST_STARTED: started },
      },
    );
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    while (!existsSync(started)) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const status = await new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    expect(status).toBe(130);
    expect(JSON.parse(stdout)).toMatchObject({ interrupted: true, exitCode: 130 });
  });

  it('list prints what would run', () => {
    const r = cli('list', '--suite', 'ige', '--filter', '#1 ');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ige_test\.json#1\tige\.encrypt\tvalid\t/);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });
});
