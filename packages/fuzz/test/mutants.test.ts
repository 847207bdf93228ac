// Every stateless mutant of impls/mutants (the catalogue entries that are not chat-* and not
// marked uncatchable) must be caught by the default budget. Each test stops at its first finding
// (maxFindings: 1): run k of a seed is the same whatever the budget, so a finding at run k <
// DEFAULT_RUNS is one the default budget finds. Each finding's regression file must validate
// against the vector schemas, fail the mutant and pass the reference, judged by the runner's own
// `judge` (runVectors cannot be given a file outside the bundled suite, see the report).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtocolClient, judge, type ImplSpec } from '@conform/runner';
import type { VectorFile } from '@conform/vectors';
import { MUTANTS } from '../../../impls/mutants/src/mutants.js';
import { requestArgs } from '../../runner/src/run/judge.js';
import type { SelectedTest } from '../../runner/src/run/select.js';
import { verifyVectorFiles } from '../../runner/src/vectors-verify.js';
import { DEFAULT_RUNS, STATELESS_OPS, runFuzz, type FuzzReport } from '../src/index.js';
import { mutantSpec, referenceSpec } from './helpers.js';

const SEED = 424_242;
/** Generous: a prime check under CI load must not turn into a `timeout` finding (no timing asserts). */
const TIMEOUT_MS = 120_000;
const stateless = MUTANTS.filter((m) => !m.id.startsWith('chat-') && m.id !== 'control');
const catchable = stateless.filter((m) => m.catchable !== false);
const uncatchable = stateless.filter((m) => m.catchable === false);
/** The ops a mutant replaces: fuzzing is scoped to them so each test stays short. */
const opsOf = (m: (typeof MUTANTS)[number]) => STATELESS_OPS.filter((op) => Object.hasOwn(m.ops, op));

const saveRoot = mkdtempSync(join(tmpdir(), 'conform-fuzz-'));
const results: Record<string, { found: boolean; run?: number; signatures: string[]; cases: number }> = {};
let reference: ProtocolClient;

beforeAll(async () => {
  reference = new ProtocolClient(referenceSpec(), { timeoutMs: TIMEOUT_MS });
  await reference.hello();
});

afterAll(async () => {
  await reference.close();
  rmSync(saveRoot, { recursive: true, force: true });
  // The table of the report: mutant → found?, at which run.
  const out = join(import.meta.dirname, '..', 'test-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'mutants.json'), `${JSON.stringify(results, null, 2)}\n`);
});

/** Runs a regression file's tests through `client` and the runner's judge. */
async function judgeFile(client: ProtocolClient, file: string): Promise<string[]> {
  const vectors = JSON.parse(readFileSync(file, 'utf8')) as VectorFile;
  const outcomes: string[] = [];
  for (const group of vectors.testGroups)
    for (const test of group.tests) {
      const t: SelectedTest = { file, vectors, group, test };
      outcomes.push(judge(t, await client.request(group.op, requestArgs(t)), false).outcome);
    }
  return outcomes;
}

async function fuzzMutant(id: string, ops: readonly string[], saveDir: string): Promise<FuzzReport> {
  const report = await runFuzz(mutantSpec(id), {
    mode: 'all',
    seed: SEED,
    ops,
    maxFindings: 1,
    saveDir,
    timeoutMs: TIMEOUT_MS,
  });
  results[id] = {
    found: report.findings.length > 0,
    ...(report.findings[0] !== undefined ? { run: report.findings[0].run } : {}),
    signatures: report.findings.map((f) => f.signature),
    cases: report.cases,
  };
  return report;
}

describe('conform fuzz catches every catchable stateless mutant', () => {
  it('enumerates the catalogue', () => {
    expect(catchable.length).toBeGreaterThan(20);
    for (const m of catchable) expect(opsOf(m).length).toBeGreaterThan(0);
  });

  it.each(catchable.map((m) => [m.id, m] as const))('%s', async (id, mutant) => {
    const saveDir = join(saveRoot, id);
    const report = await fuzzMutant(id, opsOf(mutant), saveDir);
    expect(report.exitCode).toBe(1);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings[0]!.run).toBeLessThan(DEFAULT_RUNS);
    expect(report.findings.some((f) => f.regressionFile !== undefined)).toBe(true);
    for (const f of report.findings) {
      expect(f.replay).toContain(`--seed ${SEED} --runs ${f.run + 1}`);
      if (f.regressionFile === undefined) {
        expect(f.regressionProblem).toBeDefined();
        continue;
      }
      const [verdict] = verifyVectorFiles([f.regressionFile]);
      expect(verdict?.problems).toEqual([]);
      const mutantClient = new ProtocolClient(mutantSpec(id), { timeoutMs: TIMEOUT_MS });
      await mutantClient.hello();
      const onMutant = await judgeFile(mutantClient, f.regressionFile).finally(() => mutantClient.close());
      // A crash is an `error` in the runner's terms; anything else the mutant gets wrong is a `fail`.
      expect(
        onMutant.every((o) => o === 'fail' || o === 'error'),
        `${f.signature}: ${onMutant.join(' ')}`,
      ).toBe(true);
      const onReference = await judgeFile(reference, f.regressionFile);
      expect(
        onReference.every((o) => o === 'pass' || o === 'acceptable'),
        onReference.join(' '),
      ).toBe(true);
    }
  });
});

describe('replay', () => {
  it('--seed S --runs k+1 finds the same defect again at run k', async () => {
    const id = 'decrypt-ignores-fingerprint';
    const ops = opsOf(MUTANTS.find((m) => m.id === id)!);
    const first = await runFuzz(mutantSpec(id), {
      mode: 'all',
      seed: SEED,
      ops,
      maxFindings: 1,
      timeoutMs: TIMEOUT_MS,
    });
    const { run, signature } = first.findings[0]!;
    const again = await runFuzz(mutantSpec(id), {
      mode: 'all',
      seed: SEED,
      ops,
      runs: run + 1,
      timeoutMs: TIMEOUT_MS,
    });
    expect(again.cases).toBe(run + 1);
    expect(again.findings.find((f) => f.signature === signature)?.run).toBe(run);
  });
});

describe('the uncatchable stateless mutants (catchable: false)', () => {
  // No assertion on whether they are found: the catalogue says the vectors cannot see them, and
  // the fuzzer accepts the same divergences. What it finds is recorded in test-results/mutants.json.
  it.each(uncatchable.map((m) => [m.id, m] as const))('%s runs to completion', async (id, mutant) => {
    const spec: ImplSpec = mutantSpec(id);
    const report = await runFuzz(spec, {
      mode: 'all',
      seed: SEED,
      ops: opsOf(mutant),
      runs: 1_500,
      maxFindings: 1,
      timeoutMs: TIMEOUT_MS,
    });
    results[`${id} (uncatchable)`] = {
      found: report.findings.length > 0,
      ...(report.findings[0] !== undefined ? { run: report.findings[0].run } : {}),
      signatures: report.findings.map((f) => f.signature),
      cases: report.cases,
    };
    expect([0, 1]).toContain(report.exitCode);
  });
});
