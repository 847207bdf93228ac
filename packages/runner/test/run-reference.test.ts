// The full suite against the reference adapter (impls/reference), when it has been built.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, runVectors } from '../src/run/execute.js';
import { resolveImplSpec } from '../src/run/impl-spec.js';
import { formatHuman } from '../src/run/report.js';

const dir = join(import.meta.dirname, '..', '..', '..', 'impls', 'reference');
const built = existsSync(join(dir, 'dist', 'main.js'));

describe('conform run impls/reference', () => {
  it.skipIf(!built)('passes the whole suite (exit 0)', async () => {
    const report = await runVectors(resolveImplSpec(dir));
    if (report.exitCode !== EXIT_CODES.ok) console.error(formatHuman(report, { color: false }));
    expect(report.summary.fail + report.summary.error).toBe(0);
    expect(report.summary.pass).toBeGreaterThan(0);
    expect(report.exitCode).toBe(EXIT_CODES.ok);
  });
  if (!built) it.skip('impls/reference/dist/main.js is not built: run `npm run build` first', () => {});
});
