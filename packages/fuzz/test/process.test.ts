// How the fuzzer treats an implementation that fails as a process: a crash is a finding (and the
// implementation is restarted so the other cases still run); a protocol breakage stops the run
// with exit code 3.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImplSpec } from '@conform/runner';
import { formatFuzzReport, runFuzz } from '../src/index.js';
import { verifyVectorFiles } from '../../runner/src/vectors-verify.js';

const fixture = (mode: string): ImplSpec => ({
  name: `flaky-${mode}`,
  command: ['node', join(import.meta.dirname, 'fixtures', 'flaky-impl.mjs'), mode],
  cwd: join(import.meta.dirname, 'fixtures'),
});

describe('an implementation that fails as a process', () => {
  it('a crash is a finding; the implementation is restarted and the run goes on', async () => {
    const saveDir = mkdtempSync(join(tmpdir(), 'conform-fuzz-crash-'));
    try {
      const report = await runFuzz(fixture('crash'), { mode: 'differential', seed: 3, runs: 400, saveDir });
      expect(report.exitCode).toBe(1);
      expect(report.findings.map((f) => f.signature)).toEqual(['key.fingerprint crash']);
      const [finding] = report.findings;
      expect(finding!.input).toEqual({ key: 'ff'.repeat(256) });
      expect(report.restarts).toBeGreaterThan(0);
      expect(report.cases).toBe(400);
      expect(formatFuzzReport(report, { color: false })).toContain('replay:   conform fuzz');
      // Its regression vector: a valid key.fingerprint test the crash fails as an `error`.
      expect(verifyVectorFiles([finding!.regressionFile!])[0]!.problems).toEqual([]);
      const saved = JSON.parse(readFileSync(finding!.regressionFile!, 'utf8')) as {
        testGroups: { source: string; op: string }[];
      };
      expect(saved.testGroups).toHaveLength(1);
      expect(saved.testGroups[0]).toMatchObject({ op: 'key.fingerprint', source: 'conform fuzz' });
    } finally {
      rmSync(saveDir, { recursive: true, force: true });
    }
  });

  it('a protocol breakage stops the run with exit code 3', async () => {
    const report = await runFuzz(fixture('garbage'), { mode: 'differential', seed: 3, runs: 100 });
    expect(report.exitCode).toBe(3);
    expect(report.stopped?.code).toBe('protocol_error');
    expect(formatFuzzReport(report, { color: false })).toContain('failed as a process');
  });
});
