// Every catchable mutant must fail the suite (exit 1) with at least one failing vector from each
// file it names in expectCaughtBy; the un-mutated adapters must pass. Runs the runner library
// in-process against the built adapters, each mutant only on its expectCaughtBy suites.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { EXIT_CODES, resolveImplSpec, runVectors, type RunReport } from '@conform/runner';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTROL, MUTANTS } from '../src/mutants.js';

const here = join(import.meta.dirname, '..');
const referenceDir = join(here, '..', 'reference');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const catchable = MUTANTS.filter((m) => m.catchable !== false);
const suiteOf = (file: string) => file.replace(/_test\.json$/, '');

function failingFiles(report: RunReport): Set<string> {
  return new Set(
    report.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error').map((r) => r.file),
  );
}

beforeAll(() => {
  // The adapters run as built processes: build this package (and the reference if it is not built).
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: here, stdio: 'inherit' });
  if (!existsSync(join(referenceDir, 'dist', 'main.js'))) {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: referenceDir,
      stdio: 'inherit',
    });
  }
}, 120_000);

describe('the mutant catalogue', () => {
  it('has at least 25 catchable mutants, unique ids, and a reason for every uncatchable one', () => {
    expect(catchable.length).toBeGreaterThanOrEqual(25);
    expect(new Set(MUTANTS.map((m) => m.id)).size).toBe(MUTANTS.length);
    for (const m of MUTANTS) {
      if (m.catchable === false) expect(m.reason, m.id).toBeTruthy();
      else expect(m.expectCaughtBy.length, m.id).toBeGreaterThan(0);
      expect(m.rules.length, m.id).toBeGreaterThan(0);
    }
  });

  it('is described row by row in the README (id, bug, rules, files or reason)', () => {
    const readme = readFileSync(join(here, 'README.md'), 'utf8');
    for (const m of MUTANTS) {
      const caught =
        m.catchable === false
          ? `**not catchable**: ${m.reason ?? ''}`
          : m.expectCaughtBy.map((f) => `\`${f}\``).join(', ');
      expect(readme, m.id).toContain(
        `| \`${m.id}\` | ${m.description} | ${m.rules.join(', ')} | ${caught} |`,
      );
    }
  });

  it('has a committed directory with a conform.json for every mutant', () => {
    for (const m of [...MUTANTS, CONTROL]) {
      const config = JSON.parse(readFileSync(join(here, m.id, 'conform.json'), 'utf8')) as unknown;
      expect(config, m.id).toEqual({
        name: `mutant ${m.id}`,
        command: ['node', '../dist/mutants/src/main.js', m.id],
      });
    }
  });

  it('passes with the reference adapter itself (exit 0)', async () => {
    const report = await runVectors(resolveImplSpec(referenceDir));
    const bad = report.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error');
    expect(bad.map((r) => `${r.file}#${r.tcId}: ${r.outcome} ${r.detail}`)).toEqual([]);
    expect(report.exitCode).toBe(EXIT_CODES.ok);
  });

  it('passes with the control mutant: the envelope re-assembled with no bug (exit 0)', async () => {
    const report = await runVectors(resolveImplSpec(join(here, CONTROL.id)));
    expect([...failingFiles(report)]).toEqual([]);
    expect(report.exitCode).toBe(EXIT_CODES.ok);
  });
});

describe.concurrent('every catchable mutant is caught', () => {
  for (const m of catchable) {
    it(`${m.id}: caught by ${m.expectCaughtBy.join(', ')}`, async () => {
      const report = await runVectors(resolveImplSpec(join(here, m.id)), {
        suites: m.expectCaughtBy.map(suiteOf),
      });
      expect(report.exitCode).toBe(1);
      const failing = failingFiles(report);
      for (const file of m.expectCaughtBy)
        expect(failing, `${m.id} must fail a test of ${file}`).toContain(file);
      // The defect is named: some failing vector's flags cite a rule the mutant breaks.
      const named = report.results.filter(
        (r) =>
          (r.outcome === 'fail' || r.outcome === 'error') && r.rules.some((rule) => m.rules.includes(rule)),
      );
      expect(named.length, `${m.id}: no failing vector's flags cite ${m.rules.join(', ')}`).toBeGreaterThan(
        0,
      );
    });
  }
});
