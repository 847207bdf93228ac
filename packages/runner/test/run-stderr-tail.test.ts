// RunReport.stderrTail: the end of the implementation's stderr, kept for the HTML report's
// failures (issue 8), bounded so a chatty implementation cannot swell --json.
import { describe, expect, it } from 'vitest';
import { STDERR_TAIL_CHARS, runVectors } from '../src/run/execute.js';
import { fake } from './run-helpers.js';

describe('the stderr tail of a run report', () => {
  it('keeps the end of what the implementation wrote, bounded, the earlier part counted', async () => {
    const report = await runVectors(fake('flood-stderr.mjs'), { suites: ['ige'], timeoutMs: 5_000 });
    const tail = report.stderrTail ?? '';
    expect(tail.length).toBeGreaterThan(STDERR_TAIL_CHARS / 2);
    // One header line over the bound at most.
    expect(tail.length).toBeLessThanOrEqual(STDERR_TAIL_CHARS + 80);
    expect(tail).toMatch(/^\[… \d+ earlier characters dropped\]\n/);
  });

  it('keeps the log of a process that crashed, and heads each job when there are several', async () => {
    const report = await runVectors(fake('crash-third.mjs'), { suites: ['ige'], jobs: 2 });
    expect(report.stderrTail).toMatch(/^\[job \d\]\nfatal: cannot handle request \d+/);
    expect(report.stderrTail).toMatch(/\[job 1\]/);
    expect(report.stderrTail).toMatch(/\[job 2\]/);
  });

  it('is absent when the implementation wrote nothing on stderr', async () => {
    const report = await runVectors(fake('ige-only.mjs'), { suites: ['ige'] });
    expect(report.summary.pass).toBeGreaterThan(0);
    expect(report.stderrTail).toBeUndefined();
    expect('stderrTail' in report).toBe(false);
  });
});
