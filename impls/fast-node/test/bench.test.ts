// The bench op (protocol v1 §8) over every vector of the workloads it offers: the timed core's
// result is the vector's expected answer and the op's own, errors keep the op's codes (bad_input,
// rejected); and the bench op's own argument checks. No time is asserted, only its shape.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decryptEnvelope, senderForKeyOffset } from '@conform/reference';
import { describe, expect, it } from 'vitest';
import { createBenchOp, MAX_ITERATIONS } from '../src/bench.js';
import { handleRequest } from '../src/line.js';
import { WORKLOADS, type Workload } from '../src/workloads.js';
import { fromHex } from './support/seed.js';

const vectorDir = join(import.meta.dirname, '../../../packages/vectors/testvectors_v1');
const OFFERED = [
  'ige.encrypt',
  'ige.decrypt',
  'e2e.encrypt',
  'e2e.decrypt',
  'mtproto2.msg_key',
  'mtproto2.kdf',
  'dh.key',
];

interface VectorTest {
  readonly tcId: number;
  readonly result: 'valid' | 'invalid' | 'acceptable';
  readonly [field: string]: unknown;
}
interface VectorGroup {
  readonly op: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
  readonly error?: string;
  readonly verify?: 'decrypt';
  readonly tests: readonly VectorTest[];
}

const cases = [
  'ige_test.json',
  'mtproto2_test.json',
  'e2e_encrypt_test.json',
  'e2e_decrypt_test.json',
  'dh_test.json',
]
  .flatMap((file) => {
    const { testGroups } = JSON.parse(readFileSync(join(vectorDir, file), 'utf8')) as {
      testGroups: VectorGroup[];
    };
    return testGroups.flatMap((group) => group.tests.map((test) => ({ file, group, test })));
  })
  .filter(({ group }) => OFFERED.includes(group.op));

type Answer = Record<string, unknown>;
let nextId = 1;
const call = (request: Record<string, unknown>): Answer =>
  handleRequest({ id: nextId++, ...request }) as unknown as Answer;

function argsOf(group: VectorGroup, test: VectorTest): Record<string, unknown> {
  return Object.fromEntries(Object.entries(group.inputs).map(([argument, field]) => [argument, test[field]]));
}

describe('bench: the timed result is the op’s answer', () => {
  it('offers exactly the hot-path workloads', () => {
    expect([...WORKLOADS.keys()].sort()).toEqual([...OFFERED].sort());
    expect(call({ op: 'hello', protocol: 1 })['ops']).toContain('bench');
  });

  it.each(cases.map((c) => [`${c.file}#${c.test.tcId} ${c.group.op} ${c.test.result}`, c] as const))(
    '%s',
    (_title, { group, test }) => {
      const args = argsOf(group, test);
      const bench = call({ op: 'bench', workload: group.op, args, iterations: 3 });
      const op = call({ op: group.op, ...args });
      if (test.result === 'invalid') {
        expect(bench).toMatchObject({ ok: false, error: group.error });
        return;
      }
      if (!bench['ok']) {
        expect(test.result).toBe('acceptable');
        expect(bench['error']).toBe(group.error);
        expect(op).toMatchObject({ ok: false, error: group.error });
        return;
      }
      expect(bench['elapsed_ns']).toMatch(/^\d+$/);
      expect(bench['iterations']).toBe(3);
      expect(bench).not.toHaveProperty('includes_codec');
      const result = bench['result'] as Answer;
      if (group.verify === 'decrypt') {
        const opened = decryptEnvelope(
          fromHex(args['key'] as string),
          senderForKeyOffset(args['x'] as number),
          fromHex(result['data'] as string),
        );
        expect(opened.ok && Buffer.from(opened.message).toString('hex')).toBe(args['message']);
        return;
      }
      const expected = Object.fromEntries(
        Object.entries(group.outputs).map(([name, field]) => [name, test[field]]),
      );
      expect(result).toEqual(expected);
      const { id: _id, ok: _ok, ...opResults } = op;
      expect(result).toEqual(opResults);
    },
  );
});

describe('bench: its own arguments', () => {
  const ige = { key: '11'.repeat(32), iv: '22'.repeat(32), data: '33'.repeat(32) };

  it.each([0, -1, MAX_ITERATIONS + 1, 1.5, '10', null, undefined])(
    'iterations %s → bad_input',
    (iterations) => {
      const response = call({ op: 'bench', workload: 'ige.encrypt', args: ige, iterations });
      expect(response).toMatchObject({ ok: false, error: 'bad_input' });
      expect(response['detail']).toContain('"iterations"');
    },
  );

  it.each([5, null, undefined, ['ige.encrypt']])('workload %s → bad_input', (workload) => {
    expect(call({ op: 'bench', workload, args: ige, iterations: 1 })).toMatchObject({
      ok: false,
      error: 'bad_input',
    });
  });

  it.each([null, [], 'args', 7, undefined])('args %s → bad_input', (args) => {
    const response = call({ op: 'bench', workload: 'ige.encrypt', args, iterations: 1 });
    expect(response).toMatchObject({ ok: false, error: 'bad_input' });
    expect(response['detail']).toContain('"args"');
  });

  it.each(['tl.decode', 'dh.public', 'key.visual', 'chat.send', 'hello', 'bench', 'no.such.op', 'toString'])(
    'workload %s → unsupported',
    (workload) => {
      expect(call({ op: 'bench', workload, args: {}, iterations: 1 })).toMatchObject({
        ok: false,
        error: 'unsupported',
      });
    },
  );

  it('the op’s own argument checks apply: a short key is bad_input', () => {
    const response = call({
      op: 'bench',
      workload: 'ige.decrypt',
      args: { ...ige, key: '11' },
      iterations: 1,
    });
    expect(response).toMatchObject({ ok: false, error: 'bad_input' });
    expect(response['detail']).toContain('"key"');
  });

  it('a message e2e.decrypt refuses is rejected (R3.8)', () => {
    const args = { key: '44'.repeat(256), x: 0, data: '55'.repeat(64) };
    expect(call({ op: 'bench', workload: 'e2e.decrypt', args, iterations: 2 })).toMatchObject({
      ok: false,
      error: 'rejected',
    });
  });

  it('times a thousand runs of a small workload', () => {
    const args = { key: '66'.repeat(256), msg_key: '77'.repeat(16), x: 8 };
    const response = call({ op: 'bench', workload: 'mtproto2.kdf', args, iterations: 1000 });
    expect(response).toMatchObject({ ok: true, iterations: 1000 });
    expect(BigInt(response['elapsed_ns'] as string)).toBeGreaterThan(0n);
  });
});

describe('bench: the loop', () => {
  it('decodes once, runs the core N times, encodes one result', () => {
    const calls = { decode: 0, compute: 0, encode: 0 };
    const counting: Workload<number, number> = {
      decode: (args) => {
        calls.decode++;
        return args['n'] as number;
      },
      compute: (n) => {
        calls.compute++;
        return n * 2;
      },
      encode: (value) => {
        calls.encode++;
        return { value };
      },
    };
    const bench = createBenchOp(new Map([['count', counting as Workload]]));
    const answer = bench({ workload: 'count', args: { n: 21 }, iterations: 37 });
    expect(calls).toEqual({ decode: 1, compute: 37, encode: 1 });
    expect(answer).toMatchObject({ iterations: 37, result: { value: 42 } });
    expect(answer['elapsed_ns']).toMatch(/^\d+$/);
  });
});
