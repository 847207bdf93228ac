// The bench op (PROTOCOL.md §8) through the same dispatcher the process uses: for the args of
// every vector of a workload, bench answers what the op answers (the same results, or the same
// error), every valid vector's outputs included, and the request checks hold. Nothing here is
// about time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH_WORKLOADS } from '../src/bench.js';
import { handleLine } from '../src/dispatch.js';

const vectorDir = join(import.meta.dirname, '..', '..', '..', 'packages', 'vectors', 'testvectors_v1');

interface Group {
  readonly op: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
  readonly verify?: string;
  readonly tests: readonly ({ tcId: number; result: string } & Record<string, unknown>)[];
}

/** Every vector of `op` in `file` whose answer its arguments determine, as op arguments. */
function vectors(file: string, op: string) {
  const { testGroups } = JSON.parse(readFileSync(join(vectorDir, file), 'utf8')) as { testGroups: Group[] };
  return testGroups
    .filter((g) => g.op === op && g.verify === undefined)
    .flatMap((g) =>
      g.tests.map((t) => ({
        id: `${file}#${t.tcId}`,
        args: Object.fromEntries(Object.entries(g.inputs).map(([arg, field]) => [arg, t[field]])),
        outputs: Object.fromEntries(Object.entries(g.outputs).map(([res, field]) => [res, t[field]])),
        result: t.result,
      })),
    );
}

type Response = Record<string, unknown>;
let nextId = 1;
async function call(request: Record<string, unknown>): Promise<Response> {
  const line = await handleLine(JSON.stringify({ id: nextId++, ...request }));
  return JSON.parse(line!) as Response;
}
const withoutIdOk = ({ id: _id, ok: _ok, ...rest }: Response) => rest;

const FILES: Record<string, string> = {
  'ige.encrypt': 'ige_test.json',
  'ige.decrypt': 'ige_test.json',
  'mtproto2.msg_key': 'mtproto2_test.json',
  'mtproto2.kdf': 'mtproto2_test.json',
  'e2e.encrypt': 'e2e_encrypt_test.json',
  'e2e.decrypt': 'e2e_decrypt_test.json',
  'dh.key': 'dh_test.json',
};

describe('bench (PROTOCOL.md §8)', () => {
  it('offers the workloads of the contract, and hello lists bench', async () => {
    expect([...BENCH_WORKLOADS].sort()).toEqual(Object.keys(FILES).sort());
    expect((await call({ op: 'hello', protocol: 1 }))['ops']).toContain('bench');
  });

  it.each(Object.entries(FILES))(
    '%s: answers what the op answers, for the args of every vector of %s',
    async (workload, file) => {
      const cases = vectors(file, workload);
      let valid = 0;
      for (const { id, args, outputs, result } of cases) {
        const op = await call({ op: workload, ...args });
        const bench = await call({ op: 'bench', workload, args, iterations: 3 });
        if (op['ok'] !== true) {
          expect([bench['ok'], bench['error']], id).toEqual([false, op['error']]);
          continue;
        }
        expect(bench, id).toMatchObject({ ok: true, iterations: 3, result: withoutIdOk(op) });
        expect(bench['elapsed_ns'], id).toMatch(/^[0-9]+$/);
        if (result === 'valid') {
          valid++;
          const expected = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, String(v)]));
          expect(bench['result'], id).toEqual(expected);
        }
      }
      expect(valid).toBeGreaterThan(0);
    },
  );

  it('encrypts with fresh padding of its own when none is given', async () => {
    const [sample] = vectors('e2e_encrypt_test.json', 'e2e.encrypt').filter((v) => v.result === 'valid');
    const { padding: _padding, ...args } = sample!.args;
    const a = await call({ op: 'bench', workload: 'e2e.encrypt', args, iterations: 2 });
    const b = await call({ op: 'bench', workload: 'e2e.encrypt', args, iterations: 2 });
    expect([a['ok'], b['ok']]).toEqual([true, true]);
    const data = (r: Response) => String((r['result'] as Response)['data']);
    expect(data(a)).not.toBe(data(b));
    const decrypted = await call({ op: 'e2e.decrypt', key: args['key'], x: args['x'], data: data(a) });
    expect(decrypted['message']).toBe(args['message']);
  });

  it.each(['dh.check_params', 'tl.decode', 'chat.send', 'bench', 'toString'])(
    'answers unsupported for the workload %s',
    async (workload) => {
      const response = await call({ op: 'bench', workload, args: {}, iterations: 1 });
      expect([response['ok'], response['error']]).toEqual([false, 'unsupported']);
    },
  );

  it.each([
    ['iterations 0', { iterations: 0 }],
    ['iterations above 1000000', { iterations: 1_000_001 }],
    ['fractional iterations', { iterations: 1.5 }],
    ['no iterations', { iterations: undefined }],
    ['args that are not an object', { args: [] }],
    ['no args', { args: undefined }],
    ['a workload that is not a string', { workload: 7 }],
  ])('answers bad_input for %s', async (_name, change) => {
    const request = {
      op: 'bench',
      workload: 'ige.encrypt',
      args: { key: '00'.repeat(32), iv: '00'.repeat(32), data: '' },
      iterations: 1,
      ...change,
    };
    const response = await call(request);
    expect([response['ok'], response['error']]).toEqual([false, 'bad_input']);
  });
});
