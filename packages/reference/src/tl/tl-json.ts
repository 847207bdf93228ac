// TL-JSON (docs/design.md §3.6): the one representation the codec reads and writes.
//   { "_": "<constructor name>", ...fields }
//   int → JSON number; long → signed decimal string; double → number;
//   bytes, int128, int256 → lowercase hex (either case accepted on input); string → JSON string;
//   Bool → boolean; flags.N?true → boolean (absent = false; decode omits false);
//   optional fields are absent when their bit is clear; Vector → array.
//   Flags words are derived from the optional fields and are never given: a given one is a TypeError.
// The converters below check caller input and throw TypeError/RangeError naming the field path,
// in the shape of _assert.ts: `"message.random_id" expected decimal string of a signed 64-bit integer, got …`.
import { assertInteger, describeValue } from '../_assert.js';

export type TlValue = number | string | boolean | TlObject | readonly TlValue[];

/** A TL object in TL-JSON form. */
export interface TlObject {
  readonly _: string;
  readonly [field: string]: TlValue;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL = /^(0|-?[1-9][0-9]*)$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
// A lone UTF-16 surrogate has no UTF-8 encoding; TextEncoder would silently write U+FFFD instead.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** `int`: a JSON number, signed 32-bit (§7.1). */
export function intFromJson(path: string, value: unknown): number {
  assertInteger(path, value, -0x80000000, 0x7fffffff);
  return value;
}

/** `long`: a signed decimal string (TL longs are signed; JSON numbers lose precision above 2^53). */
export function longFromJson(path: string, value: unknown): bigint {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new TypeError(
      `"${path}" expected decimal string of a signed 64-bit integer, got ${describeValue(value)}`,
    );
  }
  const n = BigInt(value);
  if (n < INT64_MIN || n > INT64_MAX) {
    throw new RangeError(
      `"${path}" expected decimal string of a signed 64-bit integer, got ${describeValue(value)}`,
    );
  }
  return n;
}

export function longToJson(value: bigint): string {
  return value.toString(10);
}

/** `double`: a finite JSON number (NaN and ±Infinity have no JSON form). */
export function doubleFromJson(path: string, value: unknown): number {
  if (typeof value !== 'number')
    throw new TypeError(`"${path}" expected number, got ${describeValue(value)}`);
  if (!Number.isFinite(value)) throw new RangeError(`"${path}" expected finite number, got ${value}`);
  return value;
}

/** `bytes` (any length) or `int128`/`int256` (`length` 16/32): hex. */
export function bytesFromJson(path: string, value: unknown, length?: number): Uint8Array {
  if (typeof value !== 'string' || !HEX.test(value)) {
    throw new TypeError(`"${path}" expected hex string, got ${describeValue(value)}`);
  }
  if (length !== undefined && value.length !== 2 * length) {
    throw new RangeError(`"${path}" expected hex string of ${length} bytes, got ${value.length / 2} bytes`);
  }
  const out = new Uint8Array(value.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(value.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesToJson(bytes: Uint8Array): string {
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** `string`: a JSON string that is well-formed Unicode (so its UTF-8 form is exact). */
export function stringFromJson(path: string, value: unknown): string {
  if (typeof value !== 'string')
    throw new TypeError(`"${path}" expected string, got ${describeValue(value)}`);
  if (LONE_SURROGATE.test(value))
    throw new RangeError(`"${path}" expected well-formed Unicode, got a lone surrogate`);
  return value;
}

/** `Bool` and `flags.N?true`: a JSON boolean. */
export function booleanFromJson(path: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new TypeError(`"${path}" expected boolean, got ${describeValue(value)}`);
  return value;
}

/** A TL-JSON object: a plain object whose `_` is a string. Returns the constructor name. */
export function objectNameFromJson(path: string, value: unknown): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
    throw new TypeError(`"${path}" expected TL-JSON object {"_": name, …}, got ${describeValue(value)}`);
  }
  const name = (value as { _?: unknown })._;
  if (typeof name !== 'string')
    throw new TypeError(`"${path}._" expected constructor name, got ${describeValue(name)}`);
  return name;
}

/** Joins a field path: `message` + `random_id` → `message.random_id`; the root is ''. */
export function fieldPath(parent: string, field: string): string {
  return parent === '' ? field : `${parent}.${field}`;
}
