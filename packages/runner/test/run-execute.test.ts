// `conform run` against fake implementations (test/fixtures/*.mjs): outcomes, exit codes, and
// that results obtained before a failure are kept.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, MAX_IDLE_RESTARTS, runVectors } from '../src/run/execute.js';
import { selectTests } from '../src/run/select.js';
import { fake } from './run-helpers.js';

const igeCount = selectTests({ suites: ['ige'] }).length;

describe('conform run on a correct ige-only implementation', () => {
  it('passes every ige vector (valid and invalid) and exits 0', async () => {
    const report = await runVectors(fake('ige-only.mjs'), { suites: ['ige'] });
    expect(report.results.filter((r) => r.outcome !== 'pass')).toEqual([]);
    expect(report.summary).toMatchObject({
      selected: igeCount,
      pass: igeCount,
      fail: 0,
      error: 0,
      notRun: 0,
    });
    expect(report.results.some((r) => r.result === 'invalid')).toBe(true);
    expect(report.implementation.hello).toMatchObject({ name: 'fake-ige', protocol: 1 });
    expect(report.exitCode).toBe(EXIT_CODES.ok);
    expect(report.warnings).toEqual([]);
  });

  it('with jobs: 3, deals the tests to three processes and judges them as one would', async () => {
    const pids = join(mkdtempSync(join(tmpdir(), 'conform-jobs-')), 'pids');
    writeFileSync(pids, '');
    const progress: number[] = [];
    const report = await runVectors(fake('pid-ige.mjs', pids), {
      suites: ['ige'],
      jobs: 3,
      onProgress: (done, total) => {
        expect(total).toBe(igeCount);
        progress.push(done);
      },
    });
    expect(report.summary).toMatchObject({ selected: igeCount, pass: igeCount, notRun: 0 });
    expect(report.results.map((r) => r.tcId)).toEqual(
      selectTests({ suites: ['ige'] }).map((t) => t.test.tcId),
    );
    expect(new Set(readFileSync(pids, 'utf8').trim().split('\n')).size).toBe(3);
    expect(progress).toEqual(Array.from({ length: igeCount }, (_, i) => i + 1));
  });

  it('skips ops missing from hello and ops answered "unsupported", never passing them', async () => {
    const report = await runVectors(fake('ige-only.mjs'));
    const byFile = (f: string) => report.results.filter((r) => r.file === f);
    expect(byFile('ige_test.json').every((r) => r.outcome === 'pass')).toBe(true);
    expect(
      byFile('tl_test.json').every(
        (r) => r.outcome === 'skip' && /not in the implementation's hello/.test(r.detail),
      ),
    ).toBe(true);
    // key.fingerprint is listed in hello but answered `unsupported`.
    const fp = report.results.filter((r) => r.op === 'key.fingerprint');
    expect(fp.length).toBeGreaterThan(0);
    expect(fp.every((r) => r.outcome === 'skip' && r.detail.startsWith('unsupported'))).toBe(true);
    expect(report.exitCode).toBe(EXIT_CODES.ok);
  });

  it('exits 4 when everything selected is unsupported, 0 with allowEmpty', async () => {
    const tl = await runVectors(fake('ige-only.mjs'), { suites: ['tl'] });
    expect(tl.summary.skip).toBe(tl.summary.selected);
    expect(tl.exitCode).toBe(EXIT_CODES.empty);
    const allowed = await runVectors(fake('ige-only.mjs'), { suites: ['tl'], allowEmpty: true });
    expect(allowed.exitCode).toBe(EXIT_CODES.ok);
    const none = await runVectors(fake('ige-only.mjs'), { filter: 'no test is called this' });
    expect(none.summary.selected).toBe(0);
    expect(none.exitCode).toBe(EXIT_CODES.empty);
  });

  it('selects by --filter (substring or /regex/) and --shard', async () => {
    const one = await runVectors(fake('ige-only.mjs'), { filter: 'ige_test.json#7 ' });
    expect(one.results.map((r) => `${r.file}#${r.tcId}`)).toEqual(['ige_test.json#7']);
    const re = selectTests({ filter: '/^ige_test\\.json#(1|2) /' });
    expect(re.map((t) => t.test.tcId).sort()).toEqual([1, 2]);
    const shards = [1, 2, 3].map(
      (k) => selectTests({ suites: ['ige'], shard: { index: k, count: 3 } }).length,
    );
    expect(shards.reduce((a, b) => a + b)).toBe(igeCount);
  });
});

describe('conform run on broken implementations', () => {
  it('restarts after a crash, marks the culprit as error with the stderr tail, and keeps going', async () => {
    const report = await runVectors(fake('crash-third.mjs'), { suites: ['ige'] });
    // Each process answers hello and one test, then dies on the next: about half are errors.
    const errors = report.results.filter((r) => r.outcome === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.detail).toMatch(/exited with status 7/);
    expect(errors[0]!.stderrTail).toMatch(/fatal: cannot handle request/);
    expect(report.summary.pass + report.summary.error).toBe(igeCount);
    expect(report.summary.pass).toBeGreaterThan(0);
    expect(report.restarts).toBeGreaterThan(1);
    expect(report.stopped).toBeUndefined();
    expect(report.exitCode).toBe(EXIT_CODES.mismatch);
  });

  it('kills a hanging implementation on timeout and stops (exit 3) after restarts without progress', async () => {
    const t0 = Date.now();
    const report = await runVectors(fake('hang.mjs'), { suites: ['ige'], timeoutMs: 300 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(report.exitCode).toBe(EXIT_CODES.implementation);
    expect(report.stopped?.code).toBe('restarts_exhausted');
    const errors = report.results.filter((r) => r.outcome === 'error');
    expect(errors).toHaveLength(MAX_IDLE_RESTARTS + 1);
    expect(errors.every((e) => /within 300 ms/.test(e.detail))).toBe(true);
    expect(report.summary.notRun).toBe(igeCount - errors.length);
  });

  it('stops with exit 3 on garbage output, keeping the results answered before it', async () => {
    const report = await runVectors(fake('garbage.mjs'), { suites: ['ige'], window: 1 });
    expect(report.exitCode).toBe(EXIT_CODES.implementation);
    expect(report.stopped).toMatchObject({ code: 'protocol_error', message: 'a line on stdout is not JSON' });
    expect(report.stopped?.line).toMatch(/^Segmentation fault\? no/);
    expect(report.results.map((r) => r.outcome)).toEqual(['pass', 'pass']);
    expect(report.summary.notRun).toBe(igeCount - 2);
  });

  it('stops with exit 3 on responses with wrong ids', async () => {
    const report = await runVectors(fake('wrong-ids.mjs'), { suites: ['ige'] });
    expect(report.exitCode).toBe(EXIT_CODES.implementation);
    expect(report.stopped?.code).toBe('protocol_error');
    expect(report.stopped?.message).toMatch(/not the id of a pending request/);
    expect(report.stopped?.line).toMatch(/"id":10\d\d/);
  });

  it('passes while the implementation floods stderr, keeping only a bounded tail', async () => {
    const t0 = Date.now();
    const report = await runVectors(fake('flood-stderr.mjs'), { suites: ['ige'], timeoutMs: 5_000 });
    expect(report.exitCode).toBe(EXIT_CODES.ok);
    expect(report.summary.pass).toBe(igeCount);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('exits 3 when the implementation exits at once, or cannot be started', async () => {
    const gone = await runVectors(fake('exit-now.mjs'), { suites: ['ige'] });
    expect(gone.exitCode).toBe(EXIT_CODES.implementation);
    expect(gone.stopped?.code).toBe('crashed');
    expect(gone.results).toEqual([]);
    const missing = await runVectors(
      { name: 'missing', command: ['/nonexistent/conform-impl'], cwd: '/' },
      { suites: ['ige'] },
    );
    expect(missing.exitCode).toBe(EXIT_CODES.implementation);
    expect(missing.stopped?.code).toBe('spawn_failed');
  });

  it('exits 3 on a bad hello', async () => {
    const report = await runVectors(fake('bad-hello.mjs'), { suites: ['ige'] });
    expect(report.exitCode).toBe(EXIT_CODES.implementation);
    expect(report.stopped).toMatchObject({ code: 'bad_hello' });
    expect(report.stopped?.message).toMatch(/protocol 2/);
  });

  it('stops on abort with exit 130 and a partial report', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    const report = await runVectors(fake('hang.mjs'), {
      suites: ['ige'],
      timeoutMs: 60_000,
      signal: controller.signal,
    });
    expect(report.interrupted).toBe(true);
    expect(report.exitCode).toBe(EXIT_CODES.interrupted);
  });
});
