// The reference adapter against its own in-process oracle: a clean implementation must give no
// finding, in every mode (the acceptable divergences of docs/spec.md §12 included).
import { describe, expect, it } from 'vitest';
import { STATELESS_OPS, formatFuzzReport, runFuzz } from '../src/index.js';
import { referenceSpec } from './helpers.js';

// A CI-sized budget; `conform fuzz impls/reference --runs 100000` is the full-size check.
const RUNS = 5_000;

describe('conform fuzz against the reference adapter', () => {
  it(`finds nothing in ${RUNS} runs of every mode`, async () => {
    const report = await runFuzz(referenceSpec(), {
      mode: 'all',
      seed: 20_250_601,
      runs: RUNS,
      // Generous: prime checks under CI load must not turn into `timeout` findings.
      timeoutMs: 120_000,
    });
    expect(report.findings).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(report.cases).toBe(RUNS);
    expect(report.skipped).toBe(0);
    expect(report.ops).toContain('e2e.decrypt');
    // Every op the fuzzer knows is fuzzed here, the ones added after the freeze included (PROTOCOL.md §5).
    expect(report.ops).toEqual(STATELESS_OPS);
    for (const op of ['key.picture', 'key.emoji', 'api.encode', 'api.decode'])
      expect(report.ops).toContain(op);
    expect(formatFuzzReport(report, { color: false })).toContain(`no findings in ${RUNS} cases`);
  });

  it('mutation mode alone finds nothing either', async () => {
    const report = await runFuzz(referenceSpec(), { mode: 'mutation', seed: 7, runs: 1_000 });
    expect(report.findings).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(report.ops).toEqual(['e2e.decrypt']);
  });

  it('exits 4 when there is nothing to fuzz', async () => {
    const report = await runFuzz(referenceSpec(), {
      mode: 'differential',
      seed: 1,
      runs: 10,
      ops: ['chat.create'],
    });
    expect(report.exitCode).toBe(4);
    expect(report.cases).toBe(0);
  });

  it('exits 3 when the implementation cannot be started', async () => {
    const report = await runFuzz(
      { name: 'missing', command: ['/nonexistent/conform-impl'], cwd: '/' },
      { mode: 'all', seed: 1, runs: 10 },
    );
    expect(report.exitCode).toBe(3);
    expect(report.stopped?.code).toBe('spawn_failed');
  });
});
