// Argument checks and encodings at the edge of the protocol (PROTOCOL.md §3): hex in, hex out, and
// the length rules of §5. These checks are the adapter's, not the library's: THIRD-PARTY.md counts
// the `bad_input` vectors apart.
import { badInput } from './protocol-error.js';

/** A request's arguments: the parsed JSON object (`id` and `op` included for an op's own request). */
export type Args = Readonly<Record<string, unknown>>;
/** The results of a successful op: the fields after `"ok": true`. */
export type Results = Record<string, unknown>;

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** The raw value of an argument, `undefined` when absent (own properties only: no `__proto__`). */
export function argument(args: Args, name: string): unknown {
  return Object.hasOwn(args, name) ? args[name] : undefined;
}

/**
 * A short description of an argument for error details (never the value: it may be 1 MiB);
 * `undefined` is an argument that is not there.
 */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string of ${value.length} characters`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

export interface BytesRule {
  /** Exact length in bytes. */
  readonly length?: number;
  /** The length must be a multiple of this. */
  readonly multipleOf?: number;
}

/**
 * A byte-string argument (hex, either case). Length rules are the protocol's (§3 "Lengths"): a
 * wrong length is `bad_input`, never a truncated or zero-extended computation.
 */
export function bytesArg(args: Args, name: string, rule: BytesRule = {}): Buffer {
  const value = argument(args, name);
  if (value === undefined) throw badInput(name, 'hex string', 'nothing (missing)');
  return decodeHex(name, value, rule);
}

/** An optional byte-string argument: absent gives `undefined`, anything else is checked. */
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

/** A required integer argument: a JSON number with no fraction. */
export function integerArg(args: Args, name: string): number {
  const value = argument(args, name);
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw badInput(name, 'integer', describe(value));
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

/** Lowercase hex, the encoding of every byte string in a response. */
export const hex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
