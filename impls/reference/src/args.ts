// The edge of the protocol (docs/design.md §3.3): request arguments are checked and decoded here,
// results encoded here, so ops.ts deals only in Uint8Array and numbers. Every bad argument throws
// ProtocolError('bad_input') with a detail that names it.

/** A request's arguments: the parsed JSON object, `id` and `op` included. */
export type Args = Readonly<Record<string, unknown>>;

/** An error with a protocol code (`bad_input`, `bad_tl`, `rejected`, …) and a detail for humans. */
export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'ProtocolError';
  }
}

export function badInput(name: string, expected: string, got: string): ProtocolError {
  return new ProtocolError('bad_input', `"${name}" expected ${expected}, got ${got}`);
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** The raw value of an argument, `undefined` when absent (own properties only: no `__proto__` tricks). */
export function argument(args: Args, name: string): unknown {
  return Object.hasOwn(args, name) ? args[name] : undefined;
}

export interface BytesRule {
  /** Exact length in bytes. */
  readonly length?: number;
  /** The length must be a multiple of this. */
  readonly multipleOf?: number;
}

/** A required byte-string argument: hex (either case), optionally of a given length. */
export function bytesArg(args: Args, name: string, rule: BytesRule = {}): Uint8Array {
  const value = argument(args, name);
  if (value === undefined) throw badInput(name, 'hex string', 'nothing (missing)');
  return decodeHexArg(name, value, rule);
}

/** An optional byte-string argument: absent gives `undefined`. */
export function optionalBytesArg(args: Args, name: string, rule: BytesRule = {}): Uint8Array | undefined {
  const value = argument(args, name);
  return value === undefined ? undefined : decodeHexArg(name, value, rule);
}

function decodeHexArg(name: string, value: unknown, rule: BytesRule): Uint8Array {
  if (typeof value !== 'string') throw badInput(name, 'hex string', describe(value));
  if (!HEX.test(value)) {
    throw badInput(name, 'hex string (pairs of 0-9a-f)', `${value.length} characters that are not`);
  }
  const length = value.length / 2;
  if (rule.length !== undefined && length !== rule.length) {
    throw badInput(name, `${rule.length} bytes`, `${length} bytes`);
  }
  if (rule.multipleOf !== undefined && length % rule.multipleOf !== 0) {
    throw badInput(name, `a multiple of ${rule.multipleOf} bytes`, `${length} bytes`);
  }
  return Uint8Array.from(Buffer.from(value, 'hex'));
}

/** A required integer argument (a JSON number with no fraction). */
export function integerArg(args: Args, name: string): number {
  const value = argument(args, name);
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw badInput(name, 'integer', value === undefined ? 'nothing (missing)' : describe(value));
  }
  return value;
}

/** The key offset `x` of the sender (R2.3): 0 or 8. */
export function keyOffsetArg(args: Args, name = 'x'): 0 | 8 {
  const x = integerArg(args, name);
  if (x !== 0 && x !== 8) throw badInput(name, '0 or 8', String(x));
  return x;
}

/** Lowercase hex, the encoding of every byte string in a response. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** A short description of a JSON value for error details (never the whole value: it may be 1 MiB). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
