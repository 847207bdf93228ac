// One request line in, one response line out (docs/design.md §3.2). Never throws: whatever the
// line holds, the answer is a well-formed response.
import { describe, ProtocolError, type Args } from './args.js';
import { OPS, type Op, type Results } from './ops.js';

export type Response =
  ({ id: number; ok: true } & Results) | { id: number | null; ok: false; error: string; detail: string };

function failure(id: number | null, error: string, detail: string): Response {
  return { id, ok: false, error, detail };
}

/** Answers one parsed request with the adapter's ops. */
export const handleRequest = createHandler(OPS);

/**
 * A request handler over a table of ops. The vector generator builds one over chat ops with a
 * seeded rng, to run transcripts in-process.
 */
export function createHandler(ops: ReadonlyMap<string, Op>): (request: unknown) => Response {
  return (request) => answer(ops, request);
}

function answer(OPS: ReadonlyMap<string, Op>, request: unknown): Response {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return failure(null, 'bad_request', `expected a JSON object, got ${describe(request)}`);
  }
  const args = request as Args;
  const id = Object.hasOwn(args, 'id') ? args['id'] : undefined;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
    return failure(null, 'bad_request', `"id" expected an integer, got ${describe(id)}`);
  }
  const name = Object.hasOwn(args, 'op') ? args['op'] : undefined;
  if (typeof name !== 'string')
    return failure(id, 'bad_request', `"op" expected a string, got ${describe(name)}`);
  const op = OPS.get(name);
  if (op === undefined) return failure(id, 'unsupported', `no op ${JSON.stringify(name)}`);
  try {
    // `id` and `ok` first, as in the protocol's examples (the order carries no meaning); no op
    // answers either field itself.
    return { id, ok: true, ...op(args) };
  } catch (error) {
    if (error instanceof ProtocolError) return failure(id, error.code, error.message);
    // The reference throws these on misuse only: an argument it cannot work with.
    if (error instanceof TypeError || error instanceof RangeError)
      return failure(id, 'bad_input', error.message);
    console.error(`conform reference: ${name} (id ${id}) failed unexpectedly:`, error);
    return failure(id, 'internal', error instanceof Error ? error.message : String(error));
  }
}

/** Answers one line of input; blank lines get no answer (`undefined`). */
export function answerLine(line: string): string | undefined {
  if (line.trim() === '') return undefined;
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return JSON.stringify(failure(null, 'bad_request', `not JSON: ${reason.slice(0, 200)}`));
  }
  return JSON.stringify(handleRequest(request));
}

/** {@link answerLine} as a promise, for callers that await each answer. */
export function handleLine(line: string): Promise<string | undefined> {
  return Promise.resolve(answerLine(line));
}
