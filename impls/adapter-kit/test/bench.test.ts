// The generic bench op (PROTOCOL.md §8): arguments decoded once, the run N times, the result of one
// run, the request checks, and the op's own errors. No assertion here is about time.
import { describe, expect, it } from 'vitest';
import {
  MAX_BENCH_ITERATIONS,
  ProtocolError,
  benchOp,
  bytesArg,
  hex,
  opOf,
  prepared,
  preparedAsync,
  type Args,
  type Op,
  type Prepare,
} from '../src/index.js';
import { converse, jsonl } from './_converse.js';

/** A workload that reverses bytes and counts what it did. */
function counting() {
  const calls = { prepare: 0, run: 0, encode: 0 };
  const prepare: Prepare = (args) => {
    calls.prepare++;
    const data = bytesArg(args, 'data', { multipleOf: 2 });
    return prepared(
      () => {
        calls.run++;
        return Uint8Array.from(data).reverse();
      },
      (output) => {
        calls.encode++;
        return { data: hex(output) };
      },
    );
  };
  return { calls, prepare };
}

async function refusal(call: () => unknown): Promise<ProtocolError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
  throw new Error('expected a ProtocolError, got a result');
}

describe('opOf', () => {
  it('is the workload run once: prepare, run, encode', async () => {
    const { calls, prepare } = counting();
    expect(await opOf(prepare)({ data: '0102a0b0' })).toEqual({ data: 'b0a00201' });
    expect(calls).toEqual({ prepare: 1, run: 1, encode: 1 });
  });
});

describe('benchOp', () => {
  it('decodes once, runs N times, encodes one run, and answers the op results under result', async () => {
    const { calls, prepare } = counting();
    const bench = benchOp(new Map([['rev', prepare]]));
    const answer = await bench({ workload: 'rev', args: { data: '0102a0b0' }, iterations: 1000 });
    expect(answer['result']).toEqual({ data: 'b0a00201' });
    expect(answer['iterations']).toBe(1000);
    expect(answer['elapsed_ns']).toMatch(/^(0|[1-9][0-9]*)$/);
    expect(answer).not.toHaveProperty('includes_codec');
    expect(calls).toEqual({ prepare: 1, run: 1000, encode: 1 });
  });

  it('awaits each run of an asynchronous workload before starting the next', async () => {
    let inFlight = 0;
    let most = 0;
    let runs = 0;
    const prepare: Prepare = () =>
      preparedAsync(
        async () => {
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          inFlight--;
          return ++runs;
        },
        (last) => ({ last }),
      );
    const answer = await benchOp(new Map([['slow', prepare]]))({
      workload: 'slow',
      args: {},
      iterations: 25,
    });
    expect(answer['result']).toEqual({ last: 25 });
    expect(most).toBe(1);
  });

  it(`accepts 1 and ${MAX_BENCH_ITERATIONS} iterations`, async () => {
    const { calls, prepare } = counting();
    const bench = benchOp(new Map([['rev', prepare]]));
    await bench({ workload: 'rev', args: { data: '' }, iterations: 1 });
    await bench({ workload: 'rev', args: { data: '' }, iterations: MAX_BENCH_ITERATIONS });
    expect(calls.run).toBe(1 + MAX_BENCH_ITERATIONS);
  });

  it.each<[string, Args, string]>([
    [
      'iterations 0',
      { workload: 'rev', args: {}, iterations: 0 },
      '"iterations" expected an integer in 1..1000000, got number 0',
    ],
    ['negative iterations', { workload: 'rev', args: {}, iterations: -5 }, 'got number -5'],
    ['too many iterations', { workload: 'rev', args: {}, iterations: 1_000_001 }, 'got number 1000001'],
    ['fractional iterations', { workload: 'rev', args: {}, iterations: 2.5 }, 'got number 2.5'],
    [
      'iterations as a string',
      { workload: 'rev', args: {}, iterations: '10' },
      'got a string of 2 characters',
    ],
    ['no iterations', { workload: 'rev', args: {} }, 'got nothing (missing)'],
    [
      'a workload that is not a string',
      { workload: 7, args: {}, iterations: 1 },
      '"workload" expected the name of a stateless op, got number 7',
    ],
    [
      'no workload',
      { args: {}, iterations: 1 },
      '"workload" expected the name of a stateless op, got nothing (missing)',
    ],
    [
      'args null',
      { workload: 'rev', args: null, iterations: 1 },
      '"args" expected an object of the workload\'s arguments, got null',
    ],
    ['args an array', { workload: 'rev', args: [], iterations: 1 }, 'got an array'],
    ['args a string', { workload: 'rev', args: 'data=00', iterations: 1 }, 'got a string of 7 characters'],
    [
      'no args',
      { workload: 'rev', iterations: 1 },
      '"args" expected an object of the workload\'s arguments, got nothing (missing)',
    ],
  ])('answers %s with bad_input and runs nothing', async (_name, request, detail) => {
    const { calls, prepare } = counting();
    const error = await refusal(() => benchOp(new Map([['rev', prepare]]))(request));
    expect(error.code).toBe('bad_input');
    expect(error.message).toContain(detail);
    expect(calls).toEqual({ prepare: 0, run: 0, encode: 0 });
  });

  it('answers a workload it does not offer with unsupported, with the reason when it has one', async () => {
    const { prepare } = counting();
    const bench = benchOp(new Map([['rev', prepare]]), new Map([['tl.decode', 'no TL schema here']]));
    const unknown = await refusal(() => bench({ workload: 'chat.send', args: {}, iterations: 1 }));
    expect([unknown.code, unknown.message]).toEqual([
      'unsupported',
      'no bench workload "chat.send" here (offered: rev)',
    ]);
    const explained = await refusal(() => bench({ workload: 'tl.decode', args: {}, iterations: 1 }));
    expect([explained.code, explained.message]).toEqual(['unsupported', 'no TL schema here']);
    const inherited = await refusal(() => bench({ workload: 'constructor', args: {}, iterations: 1 }));
    expect(inherited.code).toBe('unsupported');
  });

  it("answers the workload's own argument errors, as the op does", async () => {
    const { prepare } = counting();
    const error = await refusal(() =>
      benchOp(new Map([['rev', prepare]]))({ workload: 'rev', args: { data: '0' }, iterations: 3 }),
    );
    const own = await refusal(() => opOf(prepare)({ data: '0' }));
    expect([error.code, error.message]).toEqual([own.code, own.message]);
    expect(error.code).toBe('bad_input');
  });

  it('answers the error of a run (e2e.decrypt refusing) or of encoding, with no timing', async () => {
    let runs = 0;
    const refusing: Prepare = () =>
      prepared(
        () => {
          runs++;
          throw new ProtocolError('rejected', 'msg_key mismatch');
        },
        () => ({}),
      );
    const judged: Prepare = () =>
      prepared(
        () => false,
        (ok) => {
          if (!ok) throw new ProtocolError('rejected', 'judged after the run');
          return {};
        },
      );
    const bench = benchOp(
      new Map([
        ['refusing', refusing],
        ['judged', judged],
      ]),
    );
    const first = await refusal(() => bench({ workload: 'refusing', args: {}, iterations: 50 }));
    expect([first.code, runs]).toEqual(['rejected', 1]);
    const second = await refusal(() => bench({ workload: 'judged', args: {}, iterations: 50 }));
    expect(second.code).toBe('rejected');
  });

  it('answers through the protocol loop like any op', async () => {
    const { prepare } = counting();
    const ops = new Map<string, Op>([
      ['rev', opOf(prepare)],
      ['bench', benchOp(new Map([['rev', prepare]]))],
    ]);
    const { responses } = await converse(
      jsonl(
        { id: 1, op: 'rev', data: 'c0ffee00' },
        { id: 2, op: 'bench', workload: 'rev', args: { data: 'c0ffee00' }, iterations: 10 },
        { id: 3, op: 'bench', workload: 'rev', args: { data: 'c0ffee00' }, iterations: 0 },
      ),
      ops,
    );
    const [op, bench, bad] = responses;
    const { id: _id, ok: _ok, ...opResults } = op ?? {};
    expect(bench).toMatchObject({ id: 2, ok: true, iterations: 10, result: opResults });
    expect(opResults).toEqual({ data: '00eeffc0' });
    expect(bad).toMatchObject({ id: 3, ok: false, error: 'bad_input' });
  });
});
