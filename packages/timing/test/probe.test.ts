// The probe end to end. Two kinds of test, kept apart on purpose:
//  - against test/fixtures/fake-decrypt.mjs, which reports a synthetic "t_ns": every verdict is
//    deterministic (the seed fixes the messages and the order, the fake fixes the times);
//  - against real processes timed by the wall clock: the planted-leak mutant (3 ms on its early
//    exit) and the reference adapter. The machines are shared and noisy, so these assert verdicts
//    only, never a t value, and for the reference only "not leak" (inconclusive is fine: the
//    control pair says the machine was too noisy).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { decryptEnvelope } from '@conform/reference';
import { resolveImplSpec, type ImplSpec } from '@conform/runner';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildClasses,
  formatTimingReport,
  MIN_SAMPLES,
  parseTns,
  PLAINTEXT_LENGTH,
  runTimingProbe,
  seededRng,
  TimingProbeError,
  type TimingReport,
} from '../src/index.js';

const here = join(import.meta.dirname, '..');
const impls = join(here, '..', '..', 'impls');
const MUTANT = 'decrypt-slow-padding-check-before-msg-key';
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const fake = (mode: string): ImplSpec => ({
  name: `fake ${mode}`,
  command: [process.execPath, join(here, 'test', 'fixtures', 'fake-decrypt.mjs'), mode],
  cwd: here,
});
const pair = (report: TimingReport, id: string) =>
  [report.control, ...report.pairs].find((p) => p.id === id)!;

describe('the classes', () => {
  it('are rejected by the reference at the step they are meant for, all of one wire length', () => {
    const rng = seededRng(7);
    const key = rng(256);
    const classes = buildClasses(key, rng, 16);
    const reasons = new Map<string, Set<string>>();
    for (const c of classes) {
      for (const m of c.messages) {
        expect(m.length).toBe(24 + PLAINTEXT_LENGTH);
        const r = decryptEnvelope(key, 'creator', m);
        expect(r.ok).toBe(false);
        if (!r.ok) reasons.set(c.id, (reasons.get(c.id) ?? new Set()).add(r.reason));
      }
    }
    expect(Object.fromEntries([...reasons].map(([id, s]) => [id, [...s].sort()]))).toEqual({
      A: ['msg_key_mismatch'],
      "A'": ['msg_key_mismatch'],
      B: ['padding_too_long', 'padding_too_short'], // both halves of R3.7 5c
      C: ['length_too_big'],
    });
  });

  it('follow from the seed', () => {
    const build = (seed: number) => {
      const rng = seededRng(seed);
      return buildClasses(rng(256), rng, 4);
    };
    expect(build(1)).toEqual(build(1));
    expect(build(1)).not.toEqual(build(2));
  });
});

describe('parseTns', () => {
  it('takes a non-negative number or a string of digits', () => {
    expect(parseTns(1234)).toBe(1234);
    expect(parseTns('5678')).toBe(5678);
    for (const bad of [undefined, null, -1, NaN, Infinity, '12.5', '', 'x', {}])
      expect(parseTns(bad)).toBeUndefined();
  });
});

describe('the probe on fake implementations with a synthetic t_ns (deterministic)', () => {
  it('finds the planted difference through t_ns: leak on both pairs, control calm', async () => {
    const report = await runTimingProbe(fake('leaky'), { samples: 200, seed: 42 });
    expect(report.timing.source).toBe('t_ns');
    expect(report.samples).toBe(200);
    expect(report.control.verdict).toBe('no evidence');
    expect(pair(report, 'padding').verdict).toBe('leak');
    expect(pair(report, 'length').verdict).toBe('leak');
    expect(report.verdict).toBe('leak');
    expect(formatTimingReport(report, { color: false })).toContain('LEAK');
  });

  it('sees nothing where nothing differs', async () => {
    const report = await runTimingProbe(fake('flat'), { samples: 200, seed: 42 });
    expect(report.timing.source).toBe('t_ns');
    expect([report.control, ...report.pairs].map((p) => p.verdict)).toEqual([
      'no evidence',
      'no evidence',
      'no evidence',
    ]);
    expect(report.verdict).toBe('no evidence');
    expect(report.classes.every((c) => c.unexpected === 0)).toBe(true);
    const text = formatTimingReport(report, { color: false });
    expect(text).not.toContain('\u001b[');
    expect(formatTimingReport(report, { color: true })).toContain('\u001b[32mno evidence');
  });

  it('falls back on wall time unless every answer has t_ns, and says so', async () => {
    const report = await runTimingProbe(fake('partial'), { samples: MIN_SAMPLES, seed: 1 });
    expect(report.timing.source).toBe('wall');
    expect(report.timing.note).toMatch(/"t_ns" on only \d+ of 400 answers/);
  });

  it('is inconclusive with too few samples, or when the time budget runs out first', async () => {
    const few = await runTimingProbe(fake('flat'), { samples: MIN_SAMPLES - 1, seed: 1 });
    expect([few.control, ...few.pairs].every((p) => p.verdict === 'inconclusive')).toBe(true);
    expect(few.pairs[0]!.reason).toMatch(/too few samples/);
    const none = await runTimingProbe(fake('flat'), { samples: 1000, seed: 1, timeMs: 0 });
    expect(none.stoppedByTimeBudget).toBe(true);
    expect(none.samples).toBe(0);
    expect(none.verdict).toBe('inconclusive');
    expect(() => JSON.stringify(none)).not.toThrow();
  });

  it('is inconclusive on a pair whose class is not rejected (a conformance failure)', async () => {
    const report = await runTimingProbe(fake('accepts'), { samples: MIN_SAMPLES, seed: 1 });
    expect(report.classes.find((c) => c.id === 'B')!.unexpected).toBe(MIN_SAMPLES);
    expect(pair(report, 'padding').verdict).toBe('inconclusive');
    expect(pair(report, 'padding').reason).toMatch(/not "rejected" \(first: accepted/);
    expect(pair(report, 'length').verdict).toBe('no evidence');
  });

  it('throws TimingProbeError when e2e.decrypt is unsupported or the implementation cannot start', async () => {
    await expect(runTimingProbe(fake('unsupported'), { samples: 10 })).rejects.toMatchObject({
      name: 'TimingProbeError',
      code: 'unsupported',
    });
    const missing: ImplSpec = { name: 'missing', command: [join(here, 'no-such-program')], cwd: here };
    await expect(runTimingProbe(missing, { samples: 10 })).rejects.toBeInstanceOf(TimingProbeError);
  });
});

describe('the probe on real processes, timed by the wall clock (verdicts only)', () => {
  beforeAll(() => {
    // The adapters run as built processes. Build what is missing (or predates the planted mutant).
    const mutantsDir = join(impls, 'mutants');
    const mutantsJs = join(mutantsDir, 'dist', 'mutants', 'src', 'mutants.js');
    if (!existsSync(mutantsJs) || !readFileSync(mutantsJs, 'utf8').includes(MUTANT)) {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
        cwd: mutantsDir,
        stdio: 'inherit',
      });
    }
    const referenceDir = join(impls, 'reference');
    if (!existsSync(join(referenceDir, 'dist', 'main.js'))) {
      execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
        cwd: referenceDir,
        stdio: 'inherit',
      });
    }
  }, 120_000);

  it(`reports a leak on the planted-leak mutant ${MUTANT}`, async () => {
    const report = await runTimingProbe(resolveImplSpec(join(impls, 'mutants', MUTANT)), {
      samples: 300,
      seed: 20210716,
    });
    expect(report.classes.every((c) => c.unexpected === 0)).toBe(true); // same verdicts as the reference
    expect(pair(report, 'padding').verdict).toBe('leak');
    expect(pair(report, 'length').verdict).toBe('leak');
  });

  it('reports no leak on the reference adapter (no evidence, or inconclusive on a noisy machine)', async () => {
    const report = await runTimingProbe(resolveImplSpec(join(impls, 'reference')), {
      samples: 1000,
      seed: 20210716,
    });
    expect(report.timing.source).toBe('wall'); // the reference adapter gives no t_ns
    expect(report.classes.every((c) => c.unexpected === 0)).toBe(true);
    for (const p of report.pairs) expect(p.verdict, `${p.id}: ${p.reason}`).not.toBe('leak');
  });
});
