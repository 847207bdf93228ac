// In-process timing: `bench` requests (PROTOCOL.md §8), in which the implementation runs the op's
// computation `iterations` times back to back and reports the nanoseconds of that loop on its own
// monotonic clock. No pipe, JSON or scheduling cost is in the figure — unless it says
// `includes_codec`. Every answer's `result` is checked against the reference: the timed code path
// is the one proven correct.
import type { ProtocolClient, Response } from '@conform/runner';
import { calibrate } from './calibrate.js';
import { compareResult, describeMismatch, type Mismatch } from './check.js';
import type { WorkloadInput } from './inputs.js';

export interface SamplingOptions {
  /** Wall-clock budget for the samples (calibration not included), ms. */
  readonly timeMs: number;
  readonly maxSamples: number;
  /** Taken even past the budget, unless 3 × the budget has gone by. */
  readonly minSamples: number;
}

export type InProcessOutcome =
  | {
      readonly kind: 'timed';
      readonly samples: readonly number[];
      readonly iterations: number;
      readonly includesCodec: boolean;
    }
  | { readonly kind: 'unsupported'; readonly detail: string }
  | { readonly kind: 'refused'; readonly mismatch: Mismatch; readonly note: string }
  | { readonly kind: 'error'; readonly code: string; readonly detail: string };

/** Thrown inside the sampler to leave it with an outcome. */
class Stop extends Error {
  constructor(readonly outcome: InProcessOutcome) {
    super('stop');
  }
}

/** `elapsed_ns`: a decimal string (the contract) or, leniently, a non-negative safe integer. */
export function parseElapsed(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return Number(BigInt(value));
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  return undefined;
}

/** One bench answer, checked: its elapsed ns, or a Stop with why it cannot be used. */
function readAnswer(response: Response, iterations: number, input: WorkloadInput): number {
  if (!response.ok) {
    const code = response.error ?? 'error';
    const detail = response.detail ?? '';
    throw new Stop(
      code === 'unsupported' ? { kind: 'unsupported', detail } : { kind: 'error', code, detail },
    );
  }
  const elapsed = parseElapsed(response['elapsed_ns']);
  if (elapsed === undefined)
    throw new Stop({
      kind: 'error',
      code: 'bad_bench_answer',
      detail: `elapsed_ns is not a decimal string of nanoseconds: ${JSON.stringify(response['elapsed_ns'])}`,
    });
  if (response['iterations'] !== iterations)
    throw new Stop({
      kind: 'error',
      code: 'bad_bench_answer',
      detail: `asked for ${iterations} iterations, the answer says ${JSON.stringify(response['iterations'])}`,
    });
  const result = response['result'];
  const mismatch =
    typeof result === 'object' && result !== null && !Array.isArray(result)
      ? compareResult(input.expected, result as Record<string, unknown>)
      : compareResult(input.expected, {});
  if (mismatch !== undefined)
    throw new Stop({
      kind: 'refused',
      mismatch,
      note: `refused: the bench result ${describeMismatch(mismatch)}; not timed`,
    });
  return elapsed;
}

/** Calibrates, then samples the workload through `bench` within the budget. */
export async function measureInProcess(
  client: ProtocolClient,
  op: string,
  input: WorkloadInput,
  options: SamplingOptions,
): Promise<InProcessOutcome> {
  let includesCodec = false;
  const run = async (iterations: number) => {
    const response = await client.request('bench', { workload: op, args: input.args, iterations });
    const elapsed = readAnswer(response, iterations, input);
    if (response['includes_codec'] === true) includesCodec = true;
    return elapsed;
  };
  try {
    const iterations = await calibrate(run);
    const samples: number[] = [];
    const started = performance.now();
    const budget = options.timeMs;
    for (;;) {
      const spent = performance.now() - started;
      const enough = samples.length >= options.minSamples;
      if (samples.length >= options.maxSamples) break;
      if (enough && spent >= budget) break;
      if (spent >= 3 * budget && samples.length > 0) break;
      samples.push((await run(iterations)) / iterations);
    }
    return { kind: 'timed', samples, iterations, includesCodec };
  } catch (error) {
    if (error instanceof Stop) return error.outcome;
    throw error;
  }
}
