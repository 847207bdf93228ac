// The full suite against the reference adapter (impls/reference), when it has been built.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, runVectors } from '../src/run/execute.js';
import { resolveImplSpec } from '../src/run/impl-spec.js';
import { formatHuman } from '../src/run/report.js';

const dir = join(import.meta.dirname, '..', '..', '..', 'impls', 'reference');
const built = existsSync(join(dir, 'dist', 'main.js'));
/**
 * The silence the runner allows is infrastructure here, not something tested: under CI load (2 cores,
 * several packages' tests at once) one 2048-bit safe-prime check of the reference can take seconds,
 * and the default 10 s made a whole-suite run lose a vector to a timeout now and then.
 */
const LOADED = { timeoutMs: 120_000 } as const;
/** Prints what did not pass, so a failure in CI says which vector and why. */
function explain(report: Awaited<ReturnType<typeof runVectors>>): void {
  if (report.summary.pass !== report.summary.selected) console.error(formatHuman(report, { color: false }));
}

describe('conform run impls/reference', () => {
  it.skipIf(!built)('passes the whole suite (exit 0)', async () => {
    const report = await runVectors(resolveImplSpec(dir), LOADED);
    if (report.exitCode !== EXIT_CODES.ok) console.error(formatHuman(report, { color: false }));
    expect(report.summary.fail + report.summary.error).toBe(0);
    expect(report.summary.pass).toBeGreaterThan(0);
    expect(report.exitCode).toBe(EXIT_CODES.ok);
  });
  it.skipIf(!built)('passes with --strict too: it is the strict reading of every divergence', async () => {
    const report = await runVectors(resolveImplSpec(dir), { ...LOADED, strict: true });
    explain(report);
    expect(report.summary).toMatchObject({ pass: report.summary.selected, acceptable: 0, skip: 0 });
  });

  it.skipIf(!built)('plays the chat transcripts the same with another --seed', async () => {
    const report = await runVectors(resolveImplSpec(dir), {
      ...LOADED,
      suites: ['chat'],
      seed: 'another seed',
    });
    explain(report);
    expect(report.seed).toBe('another seed');
    expect(report.summary).toMatchObject({ pass: report.summary.selected, fail: 0, error: 0 });
    expect(report.summary.selected).toBeGreaterThanOrEqual(50);
  });

  it.skipIf(!built)('judges a TDLib-like chat acceptable, and a failure with --strict', async () => {
    // The reference's chats with TDLib's behaviour where clients diverge (docs/spec.md §12).
    const spec = {
      ...resolveImplSpec(dir),
      command: ['node', 'dist/main.js', '--profile', 'tdlib'] as const,
    };
    const lenient = await runVectors(spec, { ...LOADED, suites: ['chat'] });
    const acceptable = lenient.results.filter((r) => r.outcome === 'acceptable');
    expect(acceptable.length).toBeGreaterThan(0);
    expect(acceptable.every((r) => r.flags.some((f) => f.startsWith('Divergence')))).toBe(true);
    expect(lenient.exitCode).toBe(EXIT_CODES.ok);
    const strict = await runVectors(spec, { ...LOADED, suites: ['chat'], strict: true });
    expect(strict.results.filter((r) => r.outcome === 'fail').map((r) => r.tcId)).toEqual(
      acceptable.map((r) => r.tcId),
    );
    expect(strict.exitCode).toBe(EXIT_CODES.mismatch);
  });

  if (!built) it.skip('impls/reference/dist/main.js is not built: run `npm run build` first', () => {});
});
