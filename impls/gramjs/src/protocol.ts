// The conform protocol v1 edge (packages/runner/PROTOCOL.md): JSON Lines on stdin/stdout, argument
// checks and the hello handshake. Nothing here is cryptography: the ops that call the library are in
// ops.ts. The same file is in impls/mtcute/src/ (each adapter is a package of its own).
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** A request's arguments: the parsed JSON object, `id` and `op` included. */
export type Args = Readonly<Record<string, unknown>>;
export type Results = Record<string, unknown>;
export type Op = (args: Args) => Results | Promise<Results>;

/** A protocol failure: its code (PROTOCOL.md §2.1) and a detail for humans. */
export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'ProtocolError';
  }
}

/**
 * `unsupported`: the op or this variant of it is not something the library offers. Reported as
 * skipped by the runner, never as a pass (PROTOCOL.md §2.1).
 */
export const unsupported = (detail: string): ProtocolError => new ProtocolError('unsupported', detail);

const badInput = (name: string, expected: string, got: string): ProtocolError =>
  new ProtocolError('bad_input', `"${name}" expected ${expected}, got ${got}`);

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

function argument(args: Args, name: string): unknown {
  return Object.hasOwn(args, name) ? args[name] : undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

export interface BytesRule {
  readonly length?: number;
  readonly multipleOf?: number;
}

/**
 * A byte-string argument (hex, either case). Length rules are the protocol's (§3 "Lengths"): a
 * wrong length is `bad_input`, never a truncated or zero-extended computation. These checks are the
 * adapter's, not the library's: THIRD-PARTY.md counts the `bad_input` vectors apart.
 */
export function bytesArg(args: Args, name: string, rule: BytesRule = {}): Buffer {
  const value = argument(args, name);
  if (value === undefined) throw badInput(name, 'hex string', 'nothing (missing)');
  return decodeHex(name, value, rule);
}

export function optionalBytesArg(args: Args, name: string, rule: BytesRule = {}): Buffer | undefined {
  const value = argument(args, name);
  return value === undefined ? undefined : decodeHex(name, value, rule);
}

function decodeHex(name: string, value: unknown, rule: BytesRule): Buffer {
  if (typeof value !== 'string') throw badInput(name, 'hex string', describe(value));
  if (!HEX.test(value)) throw badInput(name, 'hex string (pairs of 0-9a-f)', 'other characters');
  const length = value.length / 2;
  if (rule.length !== undefined && length !== rule.length) {
    throw badInput(name, `${rule.length} bytes`, `${length} bytes`);
  }
  if (rule.multipleOf !== undefined && length % rule.multipleOf !== 0) {
    throw badInput(name, `a multiple of ${rule.multipleOf} bytes`, `${length} bytes`);
  }
  return Buffer.from(value, 'hex');
}

export function integerArg(args: Args, name: string): number {
  const value = argument(args, name);
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw badInput(name, 'integer', value === undefined ? 'nothing (missing)' : describe(value));
  }
  return value;
}

/** The sender's key offset `x` (R2.3): 0 or 8. */
export function keyOffsetArg(args: Args): 0 | 8 {
  const x = integerArg(args, 'x');
  if (x !== 0 && x !== 8) throw badInput('x', '0 or 8', String(x));
  return x;
}

/**
 * The `padding` argument of e2e.encrypt (PROTOCOL.md §5): 12..1024 bytes, and the plaintext
 * `le32(len) ‖ message ‖ padding` whole blocks (R3.4).
 */
export function paddingArg(args: Args, messageLength: number): Buffer | undefined {
  const padding = optionalBytesArg(args, 'padding');
  if (padding === undefined) return undefined;
  if (padding.length < 12 || padding.length > 1024) {
    throw badInput('padding', '12..1024 bytes (R3.4)', `${padding.length} bytes`);
  }
  if ((4 + messageLength + padding.length) % 16 !== 0) {
    throw badInput(
      'padding',
      'a length making 4 + message + padding whole blocks',
      `${padding.length} bytes`,
    );
  }
  return padding;
}

export const hex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

type Response = Record<string, unknown> & { id: number | null; ok: boolean };

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
  if (line.trim() === '') return undefined;
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
  if (typeof name !== 'string') return failure(id, 'bad_request', `"op" expected a string`);
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

/**
 * Serves requests until stdin closes, one at a time and in order (PROTOCOL.md §2 allows it). In
 * order on purpose: some ops swap a library's randomness source for the length of one call.
 */
export async function serve(
  identity: { name: string; version: string },
  ops: ReadonlyMap<string, Op>,
  notOffered: ReadonlyMap<string, string>,
): Promise<void> {
  const log = (text: string) => process.stderr.write(`${identity.name}: ${text}\n`);
  process.stdout.on('error', (error) => {
    log(`stdout: ${error.message}`); // the runner went away (EPIPE): nobody is left to answer
    process.exit(1);
  });
  const hello = () => ({ ...identity, protocol: 1, ops: ['hello', ...ops.keys()] });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    const response = await answer(line, { ops, notOffered, hello, log });
    if (response !== undefined && !process.stdout.write(`${JSON.stringify(response)}\n`)) {
      await once(process.stdout, 'drain');
    }
  }
  process.exitCode = 0;
}
