// The bench op of the GramJS adapter (PROTOCOL.md §8), in process: for the args of every vector of
// a workload, bench answers what the op answers (the same result, or the same error), and the
// request checks hold. No assertion here is about time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProtocolError, type Args, type Results } from '@conform/adapter-kit';
import { describe, expect, it } from 'vitest';
import { OPS, WORKLOADS } from '../src/ops.js';

const vectorDir = join(import.meta.dirname, '..', '..', '..', 'packages', 'vectors', 'testvectors_v1');

interface Group {
  readonly op: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
  readonly verify?: string;
  readonly tests: readonly ({ tcId: number; result: string } & Record<string, unknown>)[];
}

/** Every vector of `op` in `file` whose answer is determined by its arguments, as op arguments. */
function vectors(file: string, op: string) {
  const { testGroups } = JSON.parse(readFileSync(join(vectorDir, file), 'utf8')) as { testGroups: Group[] };
  return testGroups
    .filter((g) => g.op === op && g.verify === undefined)
    .flatMap((g) =>
      g.tests.map((t) => ({
        id: `${file}#${t.tcId}`,
        args: Object.fromEntries(Object.entries(g.inputs).map(([arg, field]) => [arg, t[field]])) as Args,
        outputs: Object.fromEntries(Object.entries(g.outputs).map(([res, field]) => [res, t[field]])),
        valid: t.result === 'valid',
      })),
    );
}

type Answer = { ok: true; results: Results } | { ok: false; error: string };

async function call(op: string, args: Args): Promise<Answer> {
  const fn = OPS.get(op);
  if (fn === undefined) throw new Error(`no op ${op}`);
  try {
    return { ok: true, results: await fn(args) };
  } catch (error) {
    if (error instanceof ProtocolError) return { ok: false, error: error.code };
    throw error;
  }
}

const FILES: Record<string, string> = {
  'ige.encrypt': 'ige_test.json',
  'ige.decrypt': 'ige_test.json',
  'mtproto2.kdf': 'mtproto2_test.json',
  'e2e.encrypt': 'e2e_encrypt_test.json',
  'e2e.decrypt': 'e2e_decrypt_test.json',
  'dh.key': 'dh_test.json',
};

describe('bench (PROTOCOL.md §8)', () => {
  it('offers the workloads GramJS computes on its own', () => {
    expect([...WORKLOADS.keys()].sort()).toEqual(Object.keys(FILES).sort());
  });

  it.each(Object.entries(FILES))(
    '%s: answers what the op answers, for the args of every vector of %s',
    async (workload, file) => {
      const cases = vectors(file, workload);
      expect(cases.length).toBeGreaterThan(0);
      const matchedVector: string[] = [];
      const codes = new Set<string>();
      for (const { id, args, outputs, valid } of cases) {
        const op = await call(workload, args);
        const bench = await call('bench', { workload, args, iterations: 2 });
        if (!op.ok) {
          expect(bench, id).toEqual(op);
          codes.add(op.error);
          continue;
        }
        expect(bench.ok, id).toBe(true);
        if (!bench.ok) continue;
        expect(bench.results['result'], id).toEqual(op.results);
        expect(bench.results['iterations'], id).toBe(2);
        expect(bench.results['elapsed_ns'], id).toMatch(/^[0-9]+$/);
        const expected = Object.fromEntries(
          Object.entries(outputs).map(([k, v]) => [k, String(v).toLowerCase()]),
        );
        if (valid && JSON.stringify(bench.results['result']) === JSON.stringify(expected))
          matchedVector.push(id);
      }
      if (workload === 'e2e.decrypt') {
        // GramJS never returns an E2E message (step 5 is not in it): refusals and `unsupported`.
        expect([...codes].sort()).toEqual(['rejected', 'unsupported']);
      } else {
        // Not a vacuous agreement: bench reproduced the vector's own expected outputs.
        expect(matchedVector.length, 'valid vectors whose outputs bench reproduced').toBeGreaterThan(0);
      }
    },
  );

  it('encrypts with its own padding when none is given (a fresh result each time)', async () => {
    const [sample] = vectors('e2e_encrypt_test.json', 'e2e.encrypt').filter(
      (v) => v.valid && v.args['x'] === 0,
    );
    expect(sample).toBeDefined();
    const { padding: _padding, ...args } = sample!.args;
    const bench = await call('bench', { workload: 'e2e.encrypt', args, iterations: 3 });
    expect(bench.ok).toBe(true);
    const data = bench.ok ? String((bench.results['result'] as Results)['data']) : '';
    expect((data.length / 2 - 24) % 16).toBe(0);
    expect(data.slice(0, 16)).toBe(String(sample!.outputs['data']).slice(0, 16)); // the key fingerprint
  });

  it.each([
    ['mtproto2.msg_key', /only inside encryptMessageData/],
    ['dh.check_params', /no bench workload "dh.check_params"/],
    ['chat.send', /no bench workload "chat.send"/],
  ])('answers unsupported for %s', async (workload, detail) => {
    await expect(OPS.get('bench')!({ workload, args: {}, iterations: 1 })).rejects.toMatchObject({
      code: 'unsupported',
      message: expect.stringMatching(detail),
    });
  });

  it.each([
    ['iterations 0', { iterations: 0 }],
    ['iterations above 1000000', { iterations: 1_000_001 }],
    ['args that are not an object', { args: 'key=00', iterations: 1 }],
    ['a workload that is not a string', { workload: ['ige.encrypt'], iterations: 1 }],
  ])('answers bad_input for %s', async (_name, request) => {
    const base = { workload: 'ige.encrypt', args: { key: '00'.repeat(32), iv: '00'.repeat(32), data: '' } };
    await expect(OPS.get('bench')!({ ...base, ...request })).rejects.toMatchObject({ code: 'bad_input' });
  });
});
