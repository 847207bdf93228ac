// Misuse checks shared by every module. Caller misuse throws (TypeError for a wrong type,
// RangeError for a wrong length or value) with one message shape, after noble's:
//   "key" expected Uint8Array of length 32, got length=31
// Protocol rejections are never thrown: they are values (see envelope-decrypt.ts).

/** Throws unless `value` is a Uint8Array (optionally of one of the given lengths). */
export function assertBytes(name: string, value: unknown, ...lengths: number[]): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) {
    throw new TypeError(`"${name}" expected Uint8Array, got ${describeValue(value)}`);
  }
  if (lengths.length > 0 && !lengths.includes(value.length)) {
    const want = lengths.join(' or ');
    throw new RangeError(`"${name}" expected Uint8Array of length ${want}, got length=${value.length}`);
  }
}

/** Throws unless `value` is a Uint8Array whose length is a multiple of `multiple`. */
export function assertBytesMultiple(
  name: string,
  value: unknown,
  multiple: number,
): asserts value is Uint8Array {
  assertBytes(name, value);
  if (value.length % multiple !== 0) {
    throw new RangeError(
      `"${name}" expected Uint8Array of length multiple of ${multiple}, got length=${value.length}`,
    );
  }
}

/** Throws unless `value` is an integer in [min, max]. */
export function assertInteger(
  name: string,
  value: unknown,
  min: number,
  max: number,
): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`"${name}" expected integer, got ${describeValue(value)}`);
  }
  if (value < min || value > max) {
    throw new RangeError(`"${name}" expected integer in [${min}, ${max}], got ${value}`);
  }
}

/** Throws unless `value` is one of `allowed`. */
export function assertOneOf<T extends string | number>(
  name: string,
  value: unknown,
  allowed: readonly T[],
): asserts value is T {
  if (!allowed.includes(value as T)) {
    throw new RangeError(
      `"${name}" expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${describeValue(value)}`,
    );
  }
}

/** A short description of a value for misuse messages ("string \"ab\"", "Uint8Array(length=3)"). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (value instanceof Uint8Array) return `Uint8Array(length=${value.length})`;
  if (Array.isArray(value)) return `array(length=${value.length})`;
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${String(value)}`;
}
