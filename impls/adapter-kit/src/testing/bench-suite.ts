// The conformance tests of the `bench` op (PROTOCOL.md §8), as a function of the adapter: each
// adapter's bench.test.ts calls describeBenchSuite with a way to reach it and what it offers. For
// the args of every vector of a workload, bench answers what the op answers (the same results, or
// the same error) and reproduces the vector's own outputs; bench without padding pads afresh; the
// request checks hold. No assertion here is about time.
import { describe, expect, it } from 'vitest';
import type { Exchange, Request, Response } from './exchange.js';
import { vectorCases, WORKLOAD_FILES } from './vector-cases.js';

export interface BenchSuite {
  /** The library's name, for test names. */
  readonly library: string;
  readonly exchange: Exchange;
  /** The workloads the adapter benches (each gets the vector test), a subset of WORKLOAD_FILES. */
  readonly workloads: readonly string[];
  /** The adapter's own list of workloads (its table's keys); must equal `workloads`. */
  readonly offered?: Iterable<string>;
  /**
   * The workloads of the contract it does not bench, with the pattern of the `unsupported` detail
   * (undefined: any detail). Stateful and unknown ops are added here for every adapter.
   */
  readonly notOffered?: Readonly<Record<string, RegExp | undefined>>;
  /**
   * Workloads for which the library never returns a result, with the exact set of error codes the
   * op answers over the vectors (e.g. an E2E decryption the library cannot finish). Every other
   * workload must reproduce the outputs of at least one valid vector and never answer `internal`.
   */
  readonly errorsOnly?: Readonly<Record<string, readonly string[]>>;
  /** Every valid vector's outputs must be reproduced, not only some (the reference). */
  readonly everyValidVector?: boolean;
  /** e2e.encrypt without `padding`: decrypt the answer back with e2e.decrypt (it decrypts x = 0). */
  readonly decryptsOwnMessages?: boolean;
  /** `iterations` of the vector requests (2 by default). */
  readonly iterations?: number;
  /** Declare the suite skipped (e.g. the library is not installed). */
  readonly skip?: boolean;
}

/** Not workloads in any adapter: a stateful op, ops outside §5's stateless list, no op at all. */
const NEVER_WORKLOADS: Readonly<Record<string, RegExp | undefined>> = {
  'dh.check_params': undefined,
  'tl.decode': undefined,
  'chat.send': undefined,
  bench: undefined,
  toString: undefined,
};

const IGE = { key: '00'.repeat(32), iv: '00'.repeat(32), data: '00'.repeat(16) };

/** Requests bench must answer `bad_input` for (§8), by name. */
const BAD_INPUT: readonly (readonly [string, Request])[] = [
  ['iterations 0', { workload: 'ige.encrypt', args: IGE, iterations: 0 }],
  ['iterations above 1000000', { workload: 'ige.encrypt', args: IGE, iterations: 1_000_001 }],
  ['fractional iterations', { workload: 'ige.encrypt', args: IGE, iterations: 1.5 }],
  ['iterations that are a boolean', { workload: 'ige.encrypt', args: IGE, iterations: true }],
  ['no iterations', { workload: 'ige.encrypt', args: IGE }],
  ['args that are a string', { workload: 'ige.encrypt', args: 'key=00', iterations: 1 }],
  ['args that are an array', { workload: 'ige.encrypt', args: [IGE], iterations: 1 }],
  ['no args', { workload: 'ige.encrypt', iterations: 1 }],
  ['a workload that is a number', { workload: 7, args: IGE, iterations: 1 }],
  ['a workload that is null', { workload: null, args: IGE, iterations: 1 }],
  ['a workload that is an array', { workload: ['ige.encrypt'], args: IGE, iterations: 1 }],
  [
    "args failing the workload's own check",
    { workload: 'ige.encrypt', args: { ...IGE, data: '00' }, iterations: 1 },
  ],
];

const resultsOf = ({ id: _id, ok: _ok, ...results }: Response) => results;
const dataOf = (response: Response | undefined) =>
  String((response?.['result'] as Response | undefined)?.['data']);

/** A promise made on first use and shared (one batch answers a group of tests). */
function lazy<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

export function describeBenchSuite(suite: BenchSuite): void {
  const { library, exchange, workloads, errorsOnly = {}, iterations = 2 } = suite;
  const notOffered = { ...NEVER_WORKLOADS, ...suite.notOffered };

  describe.skipIf(suite.skip === true)(`bench of ${library} (PROTOCOL.md §8)`, () => {
    it('offers its workloads, and hello lists bench', async () => {
      if (suite.offered !== undefined) expect([...suite.offered].sort()).toEqual([...workloads].sort());
      for (const w of workloads) expect(WORKLOAD_FILES, `vectors for ${w}`).toHaveProperty([w]);
      const [hello] = await exchange([{ op: 'hello', protocol: 1 }]);
      expect(hello?.['ops']).toContain('bench');
    });

    it.each(workloads.map((w) => [w, WORKLOAD_FILES[w]]))(
      '%s: answers what the op answers, for the args of every vector of %s',
      async (workload) => {
        const cases = vectorCases(WORKLOAD_FILES[workload!]!, workload!);
        expect(cases.length).toBeGreaterThan(0);
        const answers = await exchange(
          cases.flatMap(({ args }) => [
            { op: workload, ...args },
            { op: 'bench', workload, args, iterations },
          ]),
        );
        const reproduced: string[] = [];
        const codes = new Set<string>();
        cases.forEach(({ id, outputs, valid }, i) => {
          const op = answers[2 * i]!;
          const bench = answers[2 * i + 1]!;
          if (op['ok'] !== true) {
            expect([bench['ok'], bench['error']], id).toEqual([false, op['error']]);
            codes.add(String(op['error']));
            return;
          }
          expect(bench, id).toMatchObject({ ok: true, iterations, result: resultsOf(op) });
          expect(bench['elapsed_ns'], id).toMatch(/^[0-9]+$/);
          if (!valid) return;
          if (suite.everyValidVector === true) expect(bench['result'], id).toEqual(outputs);
          if (JSON.stringify(bench['result']) === JSON.stringify(outputs)) reproduced.push(id);
        });
        const expectedCodes = errorsOnly[workload!];
        if (expectedCodes !== undefined) {
          expect([...codes].sort()).toEqual([...expectedCodes].sort());
        } else {
          // Not a vacuous agreement: bench reproduced the vectors' own expected outputs.
          expect(reproduced.length, 'valid vectors whose outputs bench reproduced').toBeGreaterThan(0);
          expect([...codes], 'error codes the op answered').not.toContain('internal');
        }
      },
    );

    it.runIf(workloads.includes('e2e.encrypt'))(
      'e2e.encrypt: pads afresh when no padding is given',
      async () => {
        const [sample] = vectorCases(WORKLOAD_FILES['e2e.encrypt']!, 'e2e.encrypt').filter(
          (v) => v.valid && v.args['x'] === 0,
        );
        expect(sample).toBeDefined();
        const { padding: _padding, ...args } = sample!.args;
        const request = { op: 'bench', workload: 'e2e.encrypt', args, iterations: 3 };
        const [a, b] = await exchange([request, request]);
        expect([a?.['ok'], b?.['ok']]).toEqual([true, true]);
        // key_fingerprint ‖ msg_key ‖ whole blocks (R3.1), under the vector's own key.
        expect((dataOf(a).length / 2 - 24) % 16).toBe(0);
        expect(dataOf(a).slice(0, 16)).toBe(sample!.outputs['data']!.slice(0, 16));
        expect(dataOf(a)).not.toBe(dataOf(b));
        if (suite.decryptsOwnMessages === true) {
          const [decrypted] = await exchange([
            { op: 'e2e.decrypt', key: args['key'], x: 0, data: dataOf(a) },
          ]);
          expect(decrypted?.['message']).toBe(args['message']);
        }
      },
    );

    // One batch answers every request below.
    const names = Object.keys(notOffered);
    const refusals = lazy(() =>
      exchange([
        ...names.map((workload) => ({ op: 'bench', workload, args: {}, iterations: 1 })),
        ...BAD_INPUT.map(([, request]) => ({ op: 'bench', ...request })),
      ]),
    );

    it.each(names)('answers unsupported for the workload %s', async (workload) => {
      const response = (await refusals())[names.indexOf(workload)];
      expect([response?.['ok'], response?.['error']]).toEqual([false, 'unsupported']);
      const detail = notOffered[workload];
      if (detail !== undefined) expect(response?.['detail']).toMatch(detail);
    });

    it.each(BAD_INPUT.map(([name], i) => [name, i] as const))(
      'answers bad_input for %s',
      async (_name, i) => {
        const response = (await refusals())[names.length + i];
        expect([response?.['ok'], response?.['error']]).toEqual([false, 'bad_input']);
      },
    );
  });
}
