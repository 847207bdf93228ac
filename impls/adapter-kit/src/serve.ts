// The conform protocol v1 loop (packages/runner/PROTOCOL.md §1, §2, §4): JSON Lines in, one
// response line per request out, `hello`, and the generic failures (`bad_request`, `unsupported`,
// `internal`). Nothing here is cryptography: an adapter hands over a table of ops that call its
// library. The streams are parameters, so tests drive the loop in memory.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { argument, describe, type Args, type Results } from './args.js';
import { ProtocolError } from './protocol-error.js';

/** One op: checks and decodes its arguments, calls the library, encodes the results. */
export type Op = (args: Args) => Results | Promise<Results>;

/** What `hello` reports (PROTOCOL.md §4). */
export interface Identity {
  readonly name: string;
  readonly version: string;
}

export interface ServeOptions {
  /** Where request lines come from; `process.stdin` by default. */
  readonly input?: Readable;
  /** Where response lines go; `process.stdout` by default. */
  readonly output?: Writable;
  /** Where log text goes; stderr by default, prefixed with the adapter's name. */
  readonly log?: (text: string) => void;
}

type Response = Results & { id: number | null; ok: boolean };

const failure = (id: number | null, error: string, detail: string): Response => ({
  id,
  ok: false,
  error,
  detail,
});

interface Table {
  readonly ops: ReadonlyMap<string, Op>;
  /** Ops of the protocol the library does not offer, with the reason (kept out of hello's list). */
  readonly notOffered: ReadonlyMap<string, string>;
  readonly hello: () => Results;
  readonly log: (text: string) => void;
}

async function answer(line: string, { ops, notOffered, hello, log }: Table): Promise<Response | undefined> {
  if (line.trim() === '') return undefined; // §1: blank lines carry nothing
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch (error) {
    return failure(null, 'bad_request', `not JSON: ${String(error).slice(0, 200)}`);
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return failure(null, 'bad_request', `expected a JSON object, got ${describe(request)}`);
  }
  const args = request as Args;
  const id = argument(args, 'id');
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) {
    return failure(null, 'bad_request', `"id" expected an integer, got ${describe(id)}`);
  }
  const name = argument(args, 'op');
  if (typeof name !== 'string')
    return failure(id, 'bad_request', `"op" expected a string, got ${describe(name)}`);
  if (name === 'hello') {
    if (argument(args, 'protocol') !== 1) return failure(id, 'unsupported', 'only protocol 1 is spoken');
    return { id, ok: true, ...hello() };
  }
  const op = ops.get(name);
  if (op === undefined) {
    return failure(
      id,
      'unsupported',
      notOffered.get(name) ?? `no op ${JSON.stringify(name)} in this adapter`,
    );
  }
  try {
    return { id, ok: true, ...(await op(args)) };
  } catch (error) {
    if (error instanceof ProtocolError) return failure(id, error.code, error.message);
    // An exception the adapter did not map is a bug (of the adapter or the library): say so loudly.
    log(`${name} (id ${id}) failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}`);
    return failure(id, 'internal', error instanceof Error ? error.message : String(error));
  }
}

/** One response line; a response that cannot be serialized is answered `internal`, not a crash. */
function serialize(response: Response, log: (text: string) => void): string {
  try {
    return JSON.stringify(response);
  } catch (error) {
    log(`id ${String(response.id)}: the response could not be serialized: ${String(error)}`);
    return JSON.stringify(failure(response.id, 'internal', 'the response could not be serialized'));
  }
}

/**
 * Serves requests until the input ends, one at a time and in order (PROTOCOL.md §2 allows it). In
 * order on purpose: some ops swap a library's randomness source for the length of one call. With
 * the default streams (the adapter process) the exit status is 0 once stdin closes (§4), and a
 * runner that went away (EPIPE on stdout) ends the process.
 */
export async function serve(
  identity: Identity,
  ops: ReadonlyMap<string, Op>,
  notOffered: ReadonlyMap<string, string>,
  options: ServeOptions = {},
): Promise<void> {
  const log = options.log ?? ((text: string) => process.stderr.write(`${identity.name}: ${text}\n`));
  const output = options.output ?? process.stdout;
  if (options.output === undefined) {
    process.stdout.on('error', (error) => {
      log(`stdout: ${error.message}`); // nobody is left to answer
      process.exit(1);
    });
  }
  const hello = () => ({ ...identity, protocol: 1, ops: ['hello', ...ops.keys()] });
  const lines = createInterface({ input: options.input ?? process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const response = await answer(line, { ops, notOffered, hello, log });
    if (response !== undefined && !output.write(`${serialize(response, log)}\n`)) {
      await once(output, 'drain'); // backpressure from a runner that pipelines and reads late
    }
  }
  if (options.input === undefined) process.exitCode = 0;
}
