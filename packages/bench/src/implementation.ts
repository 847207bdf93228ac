// One implementation through every workload: correctness first (its answer to the plain op for the
// workload's exact input must be the reference's, or nothing is timed), then in-process samples
// through `bench`, then the round-trip figure. A process that dies is restarted for the next workload.
import { ProtocolClient, ProtocolClientError, type ImplSpec } from '@conform/runner';
import { compareResult, describeMismatch } from './check.js';
import { formatFigure } from './format.js';
import { measureInProcess, type SamplingOptions } from './in-process.js';
import type { WorkloadInput } from './inputs.js';
import type { ImplementationRecord, InProcessFigure, RoundTripFigure, WorkloadRecord } from './record.js';
import { measureRoundTrip, RoundTripFailure, RoundTripMismatch } from './round-trip.js';
import { figureOf, type Figure } from './stats.js';
import { formatSize, type WorkloadSpec } from './workloads.js';

/** Restarts after which the remaining workloads of an implementation are given up. */
export const MAX_RESTARTS = 3;
const WINDOW = 64;

export interface ImplementationOptions extends SamplingOptions {
  readonly timeoutMs: number;
  /** MB/s of the limit by size, for ratio_to_limit. */
  readonly limit: ReadonlyMap<number, number>;
  readonly input: (workload: WorkloadSpec) => WorkloadInput;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
}

type Hello = Readonly<Record<string, unknown>>;

async function start(spec: ImplSpec, timeoutMs: number): Promise<{ client: ProtocolClient; hello: Hello }> {
  const client = new ProtocolClient(spec, { timeoutMs, window: WINDOW });
  let response;
  try {
    // Sent raw (not client.hello()) to keep every field: an adapter may name its library's version.
    response = await client.request('hello', { protocol: 1 });
  } catch (error) {
    client.kill();
    throw error;
  }
  const { id: _id, ok: _ok, ...fields } = response;
  const problem = !response.ok
    ? `hello failed: ${response.error ?? ''} ${response.detail ?? ''}`.trim()
    : fields['protocol'] !== 1
      ? `hello answered protocol ${JSON.stringify(fields['protocol'])}, not 1`
      : typeof fields['name'] !== 'string' || !Array.isArray(fields['ops'])
        ? 'hello gave no "name" string or no "ops" array'
        : undefined;
  if (problem !== undefined) {
    client.kill();
    throw new ProtocolClientError('bad_hello', problem);
  }
  return { client, hello: fields };
}

const tail = (text: string) => (text.length > 400 ? `…${text.slice(-400)}` : text).trim();

function inProcessFigure(
  samples: readonly number[],
  iterations: number,
  codec: boolean,
  w: WorkloadSpec,
  o: ImplementationOptions,
): InProcessFigure {
  const limit = w.size === undefined ? undefined : o.limit.get(w.size);
  return { source: 'bench', includes_codec: codec, ...figureOf(samples, iterations, w.size, limit) };
}

function roundTripFigure(
  samples: readonly number[],
  batch: number,
  w: WorkloadSpec,
  o: ImplementationOptions,
): RoundTripFigure {
  const limit = w.size === undefined ? undefined : o.limit.get(w.size);
  return { source: 'pipe', window: WINDOW, ...figureOf(samples, batch, w.size, limit) };
}

async function benchWorkload(
  client: ProtocolClient,
  w: WorkloadSpec,
  options: ImplementationOptions,
): Promise<WorkloadRecord> {
  const op = w.op!;
  const input = options.input(w);
  const base = { id: w.id, workload: w.workload, op, size: w.size ?? null };
  const answer = await client.request(op, input.args);
  if (!answer.ok) {
    const error = { code: answer.error ?? 'error', detail: answer.detail ?? '' };
    const status = error.code === 'unsupported' ? 'unsupported' : 'error';
    return { ...base, status, error, in_process: null, round_trip: null };
  }
  const mismatch = compareResult(input.expected, answer);
  if (mismatch !== undefined) {
    const note = `refused: wrong answer, ${describeMismatch(mismatch)}; not timed`;
    return {
      ...base,
      status: 'refused',
      mismatch,
      in_process: null,
      in_process_note: note,
      round_trip: null,
    };
  }

  const outcome = await measureInProcess(client, op, input, options);
  let in_process: InProcessFigure | null = null;
  let in_process_note: string | undefined;
  let bench_mismatch;
  switch (outcome.kind) {
    case 'timed':
      in_process = inProcessFigure(outcome.samples, outcome.iterations, outcome.includesCodec, w, options);
      if (outcome.includesCodec)
        in_process_note = 'includes_codec: hex/JSON decoding is inside the timed loop';
      break;
    case 'unsupported':
      in_process_note = `bench unsupported${outcome.detail ? ` (${outcome.detail})` : ''}: round-trip figure only`;
      break;
    case 'refused':
      bench_mismatch = outcome.mismatch;
      in_process_note = outcome.note;
      break;
    case 'error':
      in_process_note = `bench failed: ${outcome.code} ${outcome.detail}`.trim();
      break;
  }

  let round_trip: RoundTripFigure | null = null;
  let round_trip_note: string | undefined;
  try {
    const budget = in_process === null ? options.timeMs : options.timeMs / 2;
    const { samples, batch } = await measureRoundTrip(client, op, input, {
      timeMs: budget,
      minSamples: options.minSamples,
    });
    round_trip = roundTripFigure(samples, batch, w, options);
  } catch (error) {
    if (error instanceof RoundTripMismatch)
      return {
        ...base,
        status: 'refused',
        mismatch: error.mismatch,
        in_process: null,
        in_process_note: `refused: a repeated answer is wrong, ${describeMismatch(error.mismatch)}; not timed`,
        round_trip: null,
      };
    if (!(error instanceof RoundTripFailure)) throw error;
    round_trip_note = `round trip failed: ${error.message}`;
  }
  const status = in_process !== null || round_trip !== null ? 'timed' : 'error';
  return {
    ...base,
    status,
    ...(bench_mismatch !== undefined ? { bench_mismatch } : {}),
    in_process,
    ...(in_process_note !== undefined ? { in_process_note } : {}),
    round_trip,
    ...(round_trip_note !== undefined ? { round_trip_note } : {}),
  };
}

/** A sum of two figures' medians and quartiles (the derived msg_key+kdf); its samples are not kept. */
function sumFigures<F extends Figure>(
  a: F,
  b: F,
  size: number | undefined,
  limit: number | undefined,
): Figure {
  const sum = figureOf([a.median_ns + b.median_ns], 0, size, limit);
  return { ...sum, p25_ns: a.p25_ns + b.p25_ns, p75_ns: a.p75_ns + b.p75_ns, samples_ns: [] };
}

/** The msg_key+kdf line: the sum of its parts' medians, where both were timed the same way. */
export function deriveSum(
  w: WorkloadSpec,
  parts: readonly WorkloadRecord[],
  limit: ReadonlyMap<number, number>,
): WorkloadRecord {
  const [a, b] = (w.components ?? []).map((id) => parts.find((p) => p.id === id));
  const lim = w.size === undefined ? undefined : limit.get(w.size);
  const inA = a?.in_process ?? null;
  const inB = b?.in_process ?? null;
  const rtA = a?.round_trip ?? null;
  const rtB = b?.round_trip ?? null;
  const in_process: InProcessFigure | null =
    inA !== null && inB !== null
      ? {
          source: 'bench',
          includes_codec: inA.includes_codec || inB.includes_codec,
          ...sumFigures(inA, inB, w.size, lim),
        }
      : null;
  const round_trip: RoundTripFigure | null =
    rtA !== null && rtB !== null
      ? { source: 'pipe', window: WINDOW, ...sumFigures(rtA, rtB, w.size, lim) }
      : null;
  return {
    id: w.id,
    workload: w.workload,
    op: null,
    size: w.size ?? null,
    status: 'derived',
    components: w.components ?? [],
    in_process,
    ...(in_process === null ? { in_process_note: 'not derived: a part has no in-process figure' } : {}),
    round_trip,
    ...(round_trip === null ? { round_trip_note: 'not derived: a part has no round-trip figure' } : {}),
  };
}

function logWorkload(name: string, r: WorkloadRecord, log: (line: string) => void): void {
  const label = `${r.op ?? r.workload}${r.size === null ? '' : ` ${formatSize(r.size)}`}`;
  const show = (f: Figure | null) => (f === null ? '—' : formatFigure(f));
  const what =
    r.status === 'timed' || r.status === 'derived'
      ? `in-process ${show(r.in_process)}, round trip ${show(r.round_trip)}${r.in_process === null && r.in_process_note ? ` — ${r.in_process_note}` : ''}`
      : r.status === 'refused'
        ? (r.in_process_note ?? 'refused')
        : `${r.status}: ${r.error?.code ?? ''} ${r.error?.detail ?? ''}`.trim();
  log(`conform bench: ${name}  ${label}: ${what}`);
}

/** Runs every workload of the plan against one implementation; `vectors` is filled in by the caller. */
export async function benchImplementation(
  spec: ImplSpec,
  path: string,
  workloads: readonly WorkloadSpec[],
  options: ImplementationOptions,
): Promise<Omit<ImplementationRecord, 'vectors'>> {
  let session: { client: ProtocolClient; hello: Hello };
  try {
    session = await start(spec, options.timeoutMs);
  } catch (error) {
    if (!(error instanceof ProtocolClientError)) throw error;
    return { name: spec.name, path, hello: null, failure: `${error.code}: ${error.message}`, workloads: [] };
  }
  const hello = session.hello;
  const records: WorkloadRecord[] = [];
  let restarts = 0;
  for (const w of workloads) {
    if (options.signal?.aborted) break;
    if (w.op === undefined) {
      records.push(deriveSum(w, records, options.limit));
      logWorkload(spec.name, records.at(-1)!, options.log);
      continue;
    }
    if (session.client.fatal !== undefined) {
      if (restarts >= MAX_RESTARTS) {
        records.push({
          id: w.id,
          workload: w.workload,
          op: w.op,
          size: w.size ?? null,
          status: 'error',
          error: {
            code: 'restarts_exhausted',
            detail: `not run: the implementation failed ${restarts} times`,
          },
          in_process: null,
          round_trip: null,
        });
        continue;
      }
      restarts++;
      try {
        session = await start(spec, options.timeoutMs);
      } catch (error) {
        if (!(error instanceof ProtocolClientError)) throw error;
        restarts = MAX_RESTARTS;
      }
    }
    try {
      records.push(await benchWorkload(session.client, w, options));
    } catch (error) {
      // One workload's failure is its own record; the run goes on with the next.
      if (!(error instanceof Error)) throw error;
      const stderr = tail(session.client.stderrTail());
      const code = error instanceof ProtocolClientError ? error.code : 'harness_error';
      records.push({
        id: w.id,
        workload: w.workload,
        op: w.op,
        size: w.size ?? null,
        status: 'error',
        error: { code, detail: `${error.message}${stderr ? ` — stderr: ${stderr}` : ''}` },
        in_process: null,
        round_trip: null,
      });
    }
    logWorkload(spec.name, records.at(-1)!, options.log);
  }
  if (session.client.fatal === undefined) await session.client.close();
  else session.client.kill();
  return { name: spec.name, path, hello, workloads: records };
}
