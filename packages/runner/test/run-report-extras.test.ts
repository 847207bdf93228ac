// --expect-fail, --markdown and GitHub Actions annotations: library functions against the fake
// implementations (ige-wrong.mjs breaks ige.decrypt), then the compiled CLI as a process.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatAnnotations } from '../src/run/annotations.js';
import { ConfigError } from '../src/run/errors.js';
import { EXIT_CODES, type RunReport, runVectors } from '../src/run/execute.js';
import { type ExpectFailManifest, parseExpectFail } from '../src/run/expect-fail.js';
import { formatMarkdown } from '../src/run/markdown.js';
import { formatHuman, formatJUnit } from '../src/run/report.js';
import { selectTests } from '../src/run/select.js';
import { FIXTURES, fake } from './run-helpers.js';

const manifest = (entries: unknown[]): ExpectFailManifest =>
  parseExpectFail(JSON.stringify(entries), 'known.json');

/** The valid, non-empty ige.decrypt vectors, which ige-wrong.mjs fails (#16 decrypts nothing). */
const brokenIds = selectTests({ suites: ['ige'] })
  .filter((t) => t.group.op === 'ige.decrypt' && t.test.result === 'valid' && t.test.ct !== '')
  .map((t) => `${t.file}#${t.test.tcId}`);

describe('--expect-fail', () => {
  it('the broken fixture fails exactly the valid ige.decrypt vectors', async () => {
    const report = await runVectors(fake('ige-wrong.mjs'), { suites: ['ige'] });
    const failed = report.results.filter((r) => r.outcome === 'fail').map((r) => `${r.file}#${r.tcId}`);
    expect(failed).toEqual(brokenIds);
    expect(report.exitCode).toBe(EXIT_CODES.mismatch);
  });

  it('turns matching failures into expected-fail and exits 0; reports them in JSON, JUnit and the summary', async () => {
    const report = await runVectors(fake('ige-wrong.mjs'), {
      suites: ['ige'],
      expectFail: manifest([
        { id: '/^ige_test\\.json#(4|5|6|1[7-9]|2[0-4]|5[5-8])$/', reason: 'decrypt is off by one byte' },
      ]),
      today: '2030-01-01',
    });
    expect(report.exitCode).toBe(EXIT_CODES.ok);
    expect(report.summary).toMatchObject({ fail: 0, error: 0, expectedFail: brokenIds.length });
    expect(report.expectFail).toEqual({ source: 'known.json', entries: 1, stale: [] });
    const ef = report.results.find((r) => r.outcome === 'expected-fail');
    expect(ef?.expectedFailure).toMatchObject({ reason: 'decrypt is off by one byte', outcome: 'fail' });
    expect(JSON.parse(JSON.stringify(report))).toMatchObject({ summary: { expectedFail: brokenIds.length } });
    const junit = formatJUnit(report);
    expect(
      junit.match(/<skipped message="expected failure \(fail\): decrypt is off by one byte"/g),
    ).toHaveLength(brokenIds.length);
    expect(junit).not.toMatch(/<failure/);
    expect(formatHuman(report, { color: false })).toMatch(
      new RegExp(`${brokenIds.length} expected-fail — exit 0`),
    );
  });

  it('a file#* entry covers the failures; its passing vectors stay pass', async () => {
    const report = await runVectors(fake('ige-wrong.mjs'), {
      suites: ['ige'],
      expectFail: manifest([{ id: 'ige_test.json#*', reason: 'all of ige', issue: 'https://example.org/1' }]),
    });
    expect(report.exitCode).toBe(EXIT_CODES.ok);
    expect(report.summary.expectedFail).toBe(brokenIds.length);
    expect(report.summary.pass).toBeGreaterThan(0);
  });

  it('an entry whose vectors pass now, or that matches nothing, is stale: exit 1 with a message', async () => {
    const report = await runVectors(fake('ige-only.mjs'), {
      suites: ['ige'],
      expectFail: manifest([
        { id: 'ige_test.json#4', reason: 'was broken' },
        { id: 'nope_test.json#1', reason: 'typo' },
      ]),
    });
    expect(report.summary.fail).toBe(0);
    expect(report.exitCode).toBe(EXIT_CODES.mismatch);
    expect(report.expectFail?.stale.map((s) => [s.id, s.kind])).toEqual([
      ['ige_test.json#4', 'passes'],
      ['nope_test.json#1', 'matches-nothing'],
    ]);
    const human = formatHuman(report, { color: false });
    expect(human).toContain(
      'stale expected-failure entry "ige_test.json#4" in known.json: its 1 matched vector(s) now pass',
    );
    expect(human).toContain('stale expected-failure entry "nope_test.json#1"');
    expect(formatJUnit(report)).toMatch(/<testsuite name="expect-fail" tests="2" failures="2"/);
  });

  it('an expired entry is stale even while its vectors still fail; not before its day ends', async () => {
    const entries = [{ id: 'ige_test.json#*', reason: 'later', expires: '2025-06-30' }];
    const run = (today: string) =>
      runVectors(fake('ige-wrong.mjs'), { suites: ['ige'], expectFail: manifest(entries), today });
    const expired = await run('2025-07-01');
    expect(expired.exitCode).toBe(EXIT_CODES.mismatch);
    expect(expired.expectFail?.stale).toEqual([
      expect.objectContaining({ id: 'ige_test.json#*', kind: 'expired' }),
    ]);
    expect(expired.expectFail?.stale[0]?.message).toMatch(
      /stale expected-failure entry .* expired on 2025-06-30/,
    );
    expect((await run('2025-06-30')).exitCode).toBe(EXIT_CODES.ok);
  });

  it('an entry does not go stale for vectors outside the selection or skipped', async () => {
    const report = await runVectors(fake('ige-only.mjs'), {
      suites: ['ige'],
      expectFail: manifest([{ id: 'tl_test.json#*', reason: 'tl is not written yet' }]),
    });
    expect(report.exitCode).toBe(EXIT_CODES.ok);
  });

  it('validates the manifest strictly, naming the source and the field', () => {
    const bad = (text: string) => () => parseExpectFail(text, 'm.json');
    expect(bad('{')).toThrow(ConfigError);
    expect(bad('{')).toThrow(/m\.json: invalid JSON/);
    expect(bad('{}')).toThrow(/m\.json: \(top level\): expected a JSON array/);
    expect(bad('[1]')).toThrow(/\[0\]: expected an object/);
    expect(bad('[{"id": "a#1"}]')).toThrow(/\[0\]\.reason: expected a non-empty string/);
    expect(bad('[{"id": "a#1", "reason": "r", "why": 1}]')).toThrow(/\[0\]\.why: unknown field/);
    expect(bad('[{"id": "ige_test.json", "reason": "r"}]')).toThrow(/\[0\]\.id: expected "file#tcId"/);
    expect(bad('[{"id": "/(/", "reason": "r"}]')).toThrow(/\[0\]\.id: invalid regular expression/);
    expect(bad('[{"id": "a#1", "reason": "r", "expires": "2025-02-30"}]')).toThrow(
      /\[0\]\.expires: expected a date YYYY-MM-DD/,
    );
    expect(bad('[{"id": "a#1", "reason": "r", "issue": "see chat"}]')).toThrow(
      /\[0\]\.issue: expected an http/,
    );
    expect(bad('[{"id": "a#1", "reason": "r"}, {"id": "a#1", "reason": "s"}]')).toThrow(
      /\[1\]\.id: duplicate entry/,
    );
    expect(parseExpectFail('[]', 'm.json').entries).toEqual([]);
  });
});

describe('--markdown and annotations', () => {
  let failing: RunReport;
  beforeAll(async () => {
    failing = await runVectors(fake('ige-wrong.mjs'), { suites: ['ige'] });
  });

  it('formats a per-file table and the failures with file#tcId, rules and a one-line diff', () => {
    const md = formatMarkdown(failing);
    expect(md).toMatch(/^## ❌ conform run: ige-wrong\.mjs \(fake-ige 0\.0\.1\)/);
    expect(md).toContain('| file | pass | fail | error | acceptable | skipped | expected-fail |');
    expect(md).toContain(
      `| ❌ \`ige_test.json\` | ${58 - brokenIds.length} | ${brokenIds.length} | 0 | 0 | 0 | 0 |`,
    );
    expect(md).toContain(`### Failures (${brokenIds.length})`);
    expect(md).toMatch(
      /\| `ige_test\.json#4` \| fail \| `ige\.decrypt` \| .* \| data differs at byte 0: expected /,
    );
    const capped = formatMarkdown(failing, { maxFailures: 3 });
    expect(capped.match(/^\| `ige_test\.json#/gm)).toHaveLength(3);
    expect(capped).toContain(`… and ${brokenIds.length - 3} more`);
  });

  it('escapes workflow-command data and properties', () => {
    expect(escapeData('100% a\r\nb')).toBe('100%25 a%0D%0Ab');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    const lines = formatAnnotations(failing).trimEnd().split('\n');
    expect(lines).toHaveLength(brokenIds.length);
    expect(lines[0]).toMatch(
      /^::error title=conform ige_test\.json#4::FAIL ige\.decrypt: data differs at byte 0/,
    );
    const multiline = {
      ...failing,
      results: [{ ...failing.results.find((r) => r.outcome === 'fail')!, detail: 'a\nb 5%' }],
    };
    expect(formatAnnotations(multiline)).toMatch(/::FAIL ige\.decrypt: a%0Ab 5%25/);
    expect(formatAnnotations(failing, { maxFailures: 2 }).trimEnd().split('\n')).toHaveLength(3);
  });
});

describe('the CLI with --expect-fail, --markdown and GitHub Actions', () => {
  const pkg = join(import.meta.dirname, '..');
  const out = join(pkg, 'test-results', 'cli-build-extras');
  const tmp = join(out, 'tmp');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const cli = (args: string[], env: Record<string, string> = {}) => {
    const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete base.GITHUB_ACTIONS;
    delete base.GITHUB_STEP_SUMMARY;
    return spawnSync(process.execPath, [join(out, 'cli.js'), ...args], {
      encoding: 'utf8',
      env: { ...base, ...env },
      timeout: 60_000,
    });
  };
  const wrong = join(FIXTURES, 'ige-wrong-dir');
  const write = (name: string, value: unknown) => {
    const path = join(tmp, name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  };

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
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
  }, 120_000);

  it('--expect-fail: expected failures exit 0, stale or expired entries exit 1, a bad manifest exits 2', () => {
    const ok = write('ok.json', [{ id: 'ige_test.json#*', reason: 'known' }]);
    const r = cli(['run', wrong, '--suite', 'ige', '--expect-fail', ok, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ summary: { expectedFail: brokenIds.length, fail: 0 } });

    const stale = write('stale.json', [{ id: 'ige_test.json#1', reason: 'fixed long ago' }]);
    const s = cli(['run', wrong, '--suite', 'ige', '--expect-fail', stale]);
    expect(s.status).toBe(1);
    expect(s.stderr).toContain(`stale expected-failure entry "ige_test.json#1" in ${stale}`);

    const expired = write('expired.json', [{ id: 'ige_test.json#*', reason: 'r', expires: '2000-01-01' }]);
    const e = cli(['run', wrong, '--suite', 'ige', '--expect-fail', expired]);
    expect(e.status).toBe(1);
    expect(e.stderr).toMatch(/stale expected-failure entry "ige_test\.json#\*" .* expired on 2000-01-01/);

    const badField = write('bad.json', [{ id: 'ige_test.json#1', reason: 'r', expires: 'soon' }]);
    const b = cli(['run', wrong, '--suite', 'ige', '--expect-fail', badField]);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain(`conform: --expect-fail ${badField}: [0].expires: expected a date YYYY-MM-DD`);
    const badJson = write('bad-json.json', '[{');
    const j = cli(['run', wrong, '--suite', 'ige', '--expect-fail', badJson]);
    expect(j.status).toBe(2);
    expect(j.stderr).toContain(`--expect-fail ${badJson}: invalid JSON`);
    expect(cli(['run', wrong, '--expect-fail', join(tmp, 'missing.json')]).status).toBe(2);
  });

  it('--markdown writes the summary and appends it to GITHUB_STEP_SUMMARY when set', () => {
    const md = join(tmp, 'summary.md');
    const step = write('step-summary.md', '# earlier step\n');
    const r = cli(['run', wrong, '--suite', 'ige', '--markdown', md], { GITHUB_STEP_SUMMARY: step });
    expect(r.status).toBe(1);
    const text = readFileSync(md, 'utf8');
    expect(text).toContain(`### Failures (${brokenIds.length})`);
    expect(readFileSync(step, 'utf8')).toBe(`# earlier step\n${text}\n`);
    expect(r.stderr).not.toMatch(/^::/m); // not under GitHub Actions
  });

  it('prints annotations only when GITHUB_ACTIONS=true, keeping stdout for --json', () => {
    const stale = write('stale2.json', [{ id: 'ige_test.json#1', reason: 'fixed' }]);
    const args = ['run', wrong, '--suite', 'ige', '--json', '--expect-fail', stale];
    const gha = cli(args, { GITHUB_ACTIONS: 'true' });
    expect(gha.status).toBe(1);
    expect(() => JSON.parse(gha.stdout) as unknown).not.toThrow();
    const errors = gha.stderr.split('\n').filter((l) => l.startsWith('::error '));
    expect(errors).toHaveLength(brokenIds.length);
    expect(errors[0]).toMatch(/^::error title=conform ige_test\.json#4::FAIL ige\.decrypt: /);
    expect(gha.stderr).toMatch(
      /^::warning title=conform expect-fail ige_test\.json#1::stale expected-failure entry "ige_test\.json#1"/m,
    );
    expect(cli(args, { GITHUB_ACTIONS: 'false' }).stderr).not.toMatch(/^::/m);
  });
});
