// conform bench end to end, on test implementations whose `bench` reports a SYNTHETIC elapsed_ns
// (1000 ns a run: test/fixtures/fake-bench.mjs), so every in-process figure asserted here is exact;
// round trips and baselines are real measurements and are checked for shape only, never for a time.
// Then a real mutant (impls/mutants/ige-iv-halves-swapped): a wrong implementation is refused before
// timing. Every record is validated against schema/bench-record.schema.json with Ajv.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@conform/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exitCodeOf,
  formatMarkdown,
  runBench,
  runBenchCommand,
  SAMPLE_MAX_NS,
  SAMPLE_MIN_NS,
  type BenchOptions,
  type BenchRecord,
  type WorkloadRecord,
} from '../src/index.js';

const PACKAGE = join(import.meta.dirname, '..');
const REPO = join(PACKAGE, '..', '..');
const FAKE = join(PACKAGE, 'test', 'fixtures', 'fake-bench.mjs');
const MUTANT = join(REPO, 'impls', 'mutants', 'ige-iv-halves-swapped');

// Ajv 8 is the runner's dependency (it validates the protocol schemas); it is resolved from there.
interface Validator {
  (data: unknown): boolean;
  errors?: unknown;
}
interface AjvInstance {
  compile(schema: object): Validator;
  errorsText(errors: unknown): string;
}
const Ajv2020 = (
  createRequire(join(REPO, 'packages', 'runner', 'package.json'))('ajv/dist/2020.js') as {
    default: new (options: object) => AjvInstance;
  }
).default;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validate = ajv.compile(
  JSON.parse(readFileSync(join(PACKAGE, 'schema', 'bench-record.schema.json'), 'utf8')) as object,
);
function expectValid(record: unknown): void {
  const ok = validate(record);
  expect(ok ? '' : ajv.errorsText(validate.errors)).toBe('');
}

let dir: string;
/** A directory with a conform.json that starts the fake in `mode`, logging its requests to `<dir>/<mode>.log`. */
function fake(mode: string): string {
  const impl = join(dir, mode);
  mkdirSync(impl, { recursive: true });
  writeFileSync(
    join(impl, 'conform.json'),
    JSON.stringify({
      name: `fake-${mode}`,
      command: [process.execPath, FAKE, mode, join(impl, 'requests.log')],
    }),
  );
  return impl;
}
const requestsOf = (impl: string) =>
  existsSync(join(impl, 'requests.log')) ? readFileSync(join(impl, 'requests.log'), 'utf8').split('\n') : [];

const quick: Omit<BenchOptions, 'implementations'> = {
  workloads: ['ige.encrypt', 'msg_key+kdf', 'dh'],
  sizes: [16, 64],
  timeMs: 40,
  maxSamples: 5,
  baseline: false,
  vectorSuites: ['ige'],
};
const byId = (record: BenchRecord, impl = 0) =>
  new Map(record.implementations[impl]!.workloads.map((w) => [w.id, w] as [string, WorkloadRecord]));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'conform-bench-'));
  // The mutant runs as a built process; build it if it is not (turbo builds it before `npm test`).
  if (!existsSync(join(REPO, 'impls', 'mutants', 'dist', 'mutants', 'src', 'main.js'))) {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: join(REPO, 'impls', 'mutants'),
      stdio: 'inherit',
    });
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an implementation with bench (synthetic 1000 ns a run)', () => {
  let record: BenchRecord;
  beforeAll(async () => {
    record = await runBench({ ...quick, implementations: [fake('exact')] });
  }, 120_000);

  it('runs the vectors first and records their summary and the hello', () => {
    const impl = record.implementations[0]!;
    expect(impl.vectors).toMatchObject({ fail: 0, error: 0, suites: ['ige'] });
    expect(impl.vectors!.pass).toBeGreaterThan(0);
    expect(impl.hello).toMatchObject({ name: 'fake exact', version: '0.0.1', library: 'none' });
    expect(formatMarkdown(record)).toMatch(
      /\| fake exact 0\.0\.1 \| \d+ \| 0 \| 0 \| \d+ \| \d+ \| library: none \|/,
    );
    expect(impl.failure).toBeUndefined();
  });

  it('calibrates a sample to 20–50 ms of the implementation’s clock and takes --samples of them', () => {
    const w = byId(record).get('ige.encrypt/16')!;
    expect(w.status).toBe('timed');
    const f = w.in_process!;
    expect(f.iterations * 1000).toBeGreaterThanOrEqual(SAMPLE_MIN_NS);
    expect(f.iterations * 1000).toBeLessThanOrEqual(SAMPLE_MAX_NS);
    expect(f.samples_ns).toEqual([1000, 1000, 1000, 1000, 1000]);
    expect(f.includes_codec).toBe(false);
  });

  it('reports MB/s and ns/byte of the workload’s size, and the msg_key+kdf sum', () => {
    const w = byId(record);
    // 16 bytes in 1000 ns: 16 MB/s, 62.5 ns a byte; 64 bytes: 64 MB/s.
    expect(w.get('ige.encrypt/16')!.in_process).toMatchObject({
      median_ns: 1000,
      mb_per_s: 16,
      ns_per_byte: 62.5,
    });
    expect(w.get('ige.encrypt/64')!.in_process!.mb_per_s).toBe(64);
    expect(w.get('dh.key')!.in_process).toMatchObject({
      median_ns: 1000,
      mb_per_s: null,
      ratio_to_limit: null,
    });
    const sum = w.get('msg_key+kdf/64')!;
    expect(sum).toMatchObject({
      status: 'derived',
      op: null,
      components: ['mtproto2.msg_key/64', 'mtproto2.kdf'],
    });
    expect(sum.in_process).toMatchObject({ median_ns: 2000, mb_per_s: 32 });
    // msg_key cannot take 16 bytes (no decryptedMessageLayer is that small): not planned.
    expect(w.has('mtproto2.msg_key/16')).toBe(false);
  });

  it('also measures the round trip, with tinybench over the pipe', () => {
    for (const w of record.implementations[0]!.workloads) {
      expect(w.round_trip, w.id).not.toBeNull();
      expect(w.round_trip!.source).toBe('pipe');
      expect(w.round_trip!.samples_ns.length, w.id).toBeGreaterThan(w.status === 'derived' ? -1 : 0);
    }
  });

  it('produces a record valid against the schema, and exit 0', () => {
    expectValid(record);
    expect(exitCodeOf(record)).toBe(0);
  });
});

describe('implementations without bench, or with a wrong answer', () => {
  let record: BenchRecord;
  let wrongOp: string;
  beforeAll(async () => {
    wrongOp = fake('wrong-op');
    record = await runBench({
      ...quick,
      implementations: [fake('no-bench'), fake('wrong-bench'), wrongOp],
      vectorSuites: 'none',
    });
  }, 180_000);

  it('times the round trip only when bench is unsupported, and says so', () => {
    const w = byId(record, 0).get('ige.encrypt/16')!;
    expect(w.status).toBe('timed');
    expect(w.in_process).toBeNull();
    expect(w.in_process_note).toMatch(/bench unsupported.*round-trip figure only/);
    expect(w.round_trip).not.toBeNull();
    expect(formatMarkdown(record)).toContain('n/a (no bench)');
  });

  it('drops the in-process figure when the bench result is wrong, naming the byte', () => {
    const w = byId(record, 1).get('ige.encrypt/16')!;
    expect(w.in_process).toBeNull();
    expect(w.bench_mismatch).toMatchObject({ field: 'data', offset: 0 });
    expect(w.in_process_note).toMatch(/bench result data differs from the reference at byte 0/);
  });

  it('refuses a workload whose plain answer is wrong before timing it: no bench request, no figures', () => {
    const w = byId(record, 2);
    for (const id of ['ige.encrypt/16', 'ige.encrypt/64']) {
      expect(w.get(id)).toMatchObject({ status: 'refused', in_process: null, round_trip: null });
      expect(w.get(id)!.mismatch).toMatchObject({
        field: 'data',
        offset: 5,
        expected_length: Number(id.split('/')[1]),
      });
    }
    // The other workloads are still timed.
    expect(w.get('mtproto2.kdf')!.status).toBe('timed');
    const requests = requestsOf(wrongOp);
    expect(requests.filter((l) => l === 'ige.encrypt ')).toHaveLength(2); // the two checks
    expect(requests.filter((l) => l.startsWith('bench ige.encrypt'))).toEqual([]);
    expect(requests.filter((l) => l.startsWith('bench mtproto2.kdf')).length).toBeGreaterThan(0);
  });

  it('records all of it validly, and exits 1 for the wrong answers', () => {
    expectValid(record);
    expect(exitCodeOf(record)).toBe(1);
    const md = formatMarkdown(record);
    expect(md).toMatch(/### Refused before timing/);
    expect(md).toMatch(
      /fake wrong-op 0\.0\.1, `ige\.encrypt\/16`: answer refused, data differs from the reference at byte 5/,
    );
  });
});

describe(`a real mutant: ${MUTANT.split('/').pop()!} (IGE iv halves swapped, R1.2)`, () => {
  it('fails vectors, and is refused before timing on every IGE workload', async () => {
    const record = await runBench({
      ...quick,
      workloads: ['ige'],
      sizes: [16, 1024],
      implementations: [MUTANT],
    });
    const impl = record.implementations[0]!;
    expect(impl.vectors!.fail).toBeGreaterThan(0);
    expect(impl.workloads.map((w) => [w.id, w.status])).toEqual([
      ['ige.encrypt/16', 'refused'],
      ['ige.encrypt/1024', 'refused'],
      ['ige.decrypt/16', 'refused'],
      ['ige.decrypt/1024', 'refused'],
    ]);
    for (const w of impl.workloads) {
      expect(w.in_process).toBeNull();
      expect(w.round_trip).toBeNull();
      expect(w.mismatch!.offset).toBeLessThan(w.size!);
      expect(w.in_process_note).toMatch(
        /^refused: wrong answer, data differs from the reference at byte \d+/,
      );
    }
    expectValid(record);
    expect(exitCodeOf(record)).toBe(1);
  }, 120_000);
});

describe('baselines, failures and the command', () => {
  it('measures the CBC limit (and the native baselines where they build), with ratios to it', async () => {
    const record = await runBench({
      ...quick,
      workloads: ['ige.encrypt'],
      sizes: [16],
      baseline: true,
      timeMs: 30,
      vectorSuites: 'none',
      implementations: [fake('exact')],
    });
    expect(record.baselines.status).toBe('measured');
    expect(record.baselines.limit!.points.map((p) => p.size)).toEqual([16]);
    const limit = record.baselines.limit!.points[0]!.mb_per_s!;
    const w = byId(record).get('ige.encrypt/16')!;
    expect(w.in_process!.ratio_to_limit).toBeCloseTo(16 / limit, 9);
    expect(record.baselines.native).not.toBeNull();
    for (const s of record.baselines.native!.series) expect(s.points.map((p) => p.size)).toEqual([16]);
    if (record.baselines.native!.status === 'skipped')
      expect(record.baselines.native!.notes.length).toBeGreaterThan(0);
    expectValid(record);
  }, 180_000);

  it('records an implementation that cannot start, and goes on with the next (exit 3)', async () => {
    const broken = join(dir, 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(
      join(broken, 'conform.json'),
      JSON.stringify({ name: 'broken', command: [join(broken, 'nothing')] }),
    );
    const { sizes: _sizes, ...noSizes } = quick;
    const record = await runBench({
      ...noSizes,
      workloads: ['dh'],
      vectorSuites: 'none',
      implementations: [broken, fake('exact')],
    });
    expect(record.implementations[0]).toMatchObject({ name: 'broken', hello: null, workloads: [] });
    expect(record.implementations[0]!.failure).toMatch(/^spawn_failed/);
    expect(record.implementations[1]!.workloads[0]!.status).toBe('timed');
    expectValid(record);
    expect(exitCodeOf(record)).toBe(3);
  }, 120_000);

  it('refuses bad options as usage errors', async () => {
    await expect(runBench({ ...quick, implementations: [] })).rejects.toThrow(ConfigError);
    await expect(runBench({ ...quick, implementations: [join(dir, 'none')] })).rejects.toThrow(/not found/);
    await expect(runBench({ ...quick, timeMs: 0, implementations: [fake('exact')] })).rejects.toThrow(
      /--time/,
    );
    await expect(runBenchCommand({ impls: [fake('exact')], sizes: ['3 bytes'] })).rejects.toThrow(/--sizes/);
    await expect(
      runBenchCommand({ impls: [fake('exact')], compare: join(dir, 'missing.json') }),
    ).rejects.toThrow(/--compare: cannot read/);
  });

  it('writes JSON, Markdown and SVG, and --compare exits 1 on a regression', async () => {
    const out = { stdout: '', stderr: '' };
    const io = {
      stdout: (t: string) => void (out.stdout += t),
      stderr: (t: string) => void (out.stderr += t),
    };
    const files = { json: join(dir, 'r.json'), markdown: join(dir, 'r.md'), svg: join(dir, 'r.svg') };
    const command = {
      impls: [fake('exact')],
      workloads: ['ige.encrypt'],
      sizes: ['16'],
      time: 30,
      samples: 3,
      baseline: false,
      quiet: true,
    };
    expect(await runBenchCommand({ ...command, ...files }, io)).toBe(0);
    const first = JSON.parse(readFileSync(files.json, 'utf8')) as BenchRecord;
    expectValid(first);
    expect(readFileSync(files.markdown, 'utf8')).toContain('| `ige.encrypt` | 16 B | 16 MB/s |');
    expect(readFileSync(files.svg, 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(out.stderr).toContain('conform bench: wrote');

    // An old record twice as fast: the new run (1000 ns a run, synthetic) is a regression.
    const faster = structuredClone(first) as unknown as {
      implementations: { workloads: { in_process: Record<string, unknown> }[] }[];
    };
    const f = faster.implementations[0]!.workloads[0]!.in_process;
    for (const k of ['median_ns', 'p25_ns', 'p75_ns']) f[k] = 500;
    f['samples_ns'] = [500, 500, 500];
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify(faster));
    out.stderr = '';
    expect(await runBenchCommand({ ...command, compare: old, json: '-' }, io)).toBe(1);
    expect(out.stderr).toMatch(/REGRESSION fake-exact ige\.encrypt\/16 \(in-process\): 500 ns → 1 µs/);
    expect((JSON.parse(out.stdout) as BenchRecord).tool).toBe('conform bench');
  }, 120_000);
});
