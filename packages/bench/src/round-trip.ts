// The round-trip figure: the plain op (PROTOCOL.md §5) over the pipe, timed by the harness with
// tinybench, requests pipelined. It is what a caller of the adapter pays — JSON, hex, the pipe and
// scheduling included — and the only figure for an implementation without `bench`. Every answer is
// checked against the reference, as the first one was.
import type { ProtocolClient } from '@conform/runner';
import { compareResult, type Mismatch } from './check.js';
import { timeWithTinybench } from './harness-timer.js';
import type { WorkloadInput } from './inputs.js';

/** A batch is capped so that a 1 MiB workload does not queue gigabytes of request lines. */
const MAX_BATCH = 4096;

export class RoundTripMismatch extends Error {
  constructor(readonly mismatch: Mismatch) {
    super('a round-trip answer differs from the reference');
  }
}

export class RoundTripFailure extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

export async function measureRoundTrip(
  client: ProtocolClient,
  op: string,
  input: WorkloadInput,
  options: { readonly timeMs: number; readonly minSamples: number },
): Promise<{ readonly samples: readonly number[]; readonly batch: number }> {
  const once = async () => {
    const response = await client.request(op, input.args);
    if (!response.ok) throw new RoundTripFailure(response.error ?? 'error', response.detail ?? '');
    const mismatch = compareResult(input.expected, response);
    if (mismatch !== undefined) throw new RoundTripMismatch(mismatch);
  };
  return timeWithTinybench(`${op} round trip`, once, { ...options, maxBatch: MAX_BATCH, pipelined: true });
}
