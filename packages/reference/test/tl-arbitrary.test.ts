// Property tests of the TL codec, with TL-JSON objects generated from the schema descriptors:
// (a) decodeTl never throws, for any bytes, and whatever it accepts is canonical (re-encodes exactly);
// (b) every generated object round-trips encode → decode → encode byte-identically;
// (c) corrupting one field of a valid object makes encodeTl throw TypeError/RangeError naming it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeTl,
  encodeTl,
  secretTlSchema,
  type TlConstructor,
  type TlErrorCode,
  type TlObject,
  type TlTypeRef,
  type TlValue,
} from '../src/tl/index.js';
import { toHex } from './support/hex.js';
import { propertyRuns, propertySeed } from './support/seed.js';

const schema = secretTlSchema;
const hex = (bytes: Uint8Array): string => toHex(bytes);

const byType = new Map<string, fc.Arbitrary<TlObject>>();

function valueArb(type: TlTypeRef): fc.Arbitrary<TlValue> {
  if (type.kind === 'object') return typeArb(type.type);
  if (type.kind === 'vector') return fc.array(valueArb(type.element), { maxLength: 3 });
  switch (type.name) {
    case 'int':
      return fc.integer({ min: -0x80000000, max: 0x7fffffff });
    case 'long':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String);
    case 'double':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'int128':
      return fc.uint8Array({ minLength: 16, maxLength: 16 }).map(hex);
    case 'int256':
      return fc.uint8Array({ minLength: 32, maxLength: 32 }).map(hex);
    case 'bytes':
      return fc
        .oneof(fc.uint8Array({ maxLength: 8 }), fc.uint8Array({ minLength: 250, maxLength: 300 }))
        .map(hex);
    case 'string':
      return fc.oneof(
        fc.string({ unit: 'binary', maxLength: 8 }),
        fc.string({ minLength: 250, maxLength: 300 }),
      );
    case 'Bool':
      return fc.boolean();
  }
}

/** Any constructor of a boxed type (the secret schema is not recursive, so this terminates). */
function typeArb(type: string): fc.Arbitrary<TlObject> {
  let arb = byType.get(type);
  if (!arb) {
    arb = fc.oneof(...schema.byType.get(type)!.map(objectArb));
    byType.set(type, arb);
  }
  return arb;
}

function objectArb(ctor: TlConstructor): fc.Arbitrary<TlObject> {
  const model: Record<string, fc.Arbitrary<TlValue>> = {};
  const requiredKeys: string[] = [];
  for (const field of ctor.fields) {
    if (field.kind === 'flags') continue;
    model[field.name] = field.kind === 'true' ? fc.boolean() : valueArb(field.type);
    if (field.kind === 'value' && field.condition === undefined) requiredKeys.push(field.name);
  }
  return fc.record(model, { requiredKeys }).map((fields) => ({ _: ctor.name, ...fields }));
}

const anyObject = fc.constantFrom(...schema.constructors).chain(objectArb);
const validBytes = anyObject.map((o) => encodeTl(o));

/** Valid encodings, then truncated, extended, bit-flipped or with a word overwritten. */
const mutatedBytes = fc
  .tuple(validBytes, fc.nat(), fc.nat(7), fc.uint8Array({ maxLength: 16 }), fc.integer({ min: 0, max: 3 }))
  .map(([bytes, at, bit, extra, how]) => {
    const i = bytes.length === 0 ? 0 : at % bytes.length;
    if (how === 0) return bytes.subarray(0, i);
    if (how === 1) return new Uint8Array([...bytes, ...extra]);
    const copy = bytes.slice();
    if (how === 2) copy[i] = copy[i]! ^ (1 << bit);
    else copy.set(extra.subarray(0, Math.min(4, copy.length - i)), i);
    return copy;
  });

/** A real constructor id followed by random bytes, to get past the first check. */
const idThenNoise = fc
  .tuple(fc.constantFrom(...schema.constructors), fc.uint8Array({ maxLength: 512 }))
  .map(([ctor, tail]) => {
    const out = new Uint8Array(4 + tail.length);
    new DataView(out.buffer).setUint32(0, ctor.id, true);
    out.set(tail, 4);
    return out;
  });

const CODES: TlErrorCode[] = [
  'truncated',
  'unknown_constructor',
  'unexpected_constructor',
  'trailing_bytes',
  'bad_length',
  'non_canonical',
  'bad_utf8',
  'bad_bool',
  'bad_double',
  'unknown_flags',
  'too_deep',
  'too_large',
];

describe('TL codec properties', () => {
  it('(a) decodeTl returns a value for any bytes, and accepts only canonical encodings', () => {
    const seed = propertySeed('tl decode never throws');
    const input = fc.oneof(fc.uint8Array({ maxLength: 2048 }), mutatedBytes, idThenNoise, validBytes);
    fc.assert(
      fc.property(input, fc.boolean(), (bytes, allowTrailingBytes) => {
        const result = decodeTl(bytes, { allowTrailingBytes });
        if (result.ok) {
          expect(hex(encodeTl(result.object))).toBe(hex(bytes.subarray(0, result.consumed)));
          if (!allowTrailingBytes) expect(result.consumed).toBe(bytes.length);
        } else {
          expect(CODES).toContain(result.error.code);
          expect(result.error.offset).toBeGreaterThanOrEqual(0);
          expect(result.error.offset).toBeLessThanOrEqual(bytes.length);
        }
      }),
      { numRuns: propertyRuns(10_000), seed },
    );
  });

  it('(b) generated TL-JSON objects round-trip encode → decode → encode byte-identically', () => {
    const seed = propertySeed('tl round trip');
    fc.assert(
      fc.property(anyObject, (object) => {
        const bytes = encodeTl(object);
        const decoded = decodeTl(bytes);
        expect(decoded.ok && decoded.consumed).toBe(bytes.length);
        if (decoded.ok) expect(hex(encodeTl(decoded.object))).toBe(hex(bytes));
      }),
      { numRuns: propertyRuns(1_000), seed },
    );
  });

  it('(c) a corrupted field makes encodeTl throw TypeError/RangeError naming the field', () => {
    const seed = propertySeed('tl encode misuse');
    const withFields = schema.constructors.filter((c) => c.fields.some((f) => f.kind !== 'flags'));
    const corrupted = fc
      .constantFrom(...withFields)
      .chain((ctor) =>
        fc.tuple(objectArb(ctor), fc.constantFrom(...ctor.fields.filter((f) => f.kind !== 'flags'))),
      )
      .chain(([object, field]) => {
        const wrong = field.kind === 'true' ? [null, 1, 'true'] : wrongValues(field.type);
        const options: fc.Arbitrary<[string, unknown]>[] = [
          fc.constantFrom(...wrong).map((w) => [field.name, w]),
        ];
        if (field.kind === 'value' && field.condition === undefined)
          options.push(fc.constant([field.name, undefined]));
        return fc.tuple(fc.constant(object), fc.oneof(...options));
      });
    fc.assert(
      fc.property(corrupted, ([object, [name, value]]) => {
        const bad: Record<string, unknown> = { ...object, [name]: value };
        if (value === undefined) delete bad[name];
        let thrown: unknown;
        try {
          encodeTl(bad as TlObject);
        } catch (e) {
          thrown = e;
        }
        expect(thrown instanceof TypeError || thrown instanceof RangeError).toBe(true);
        expect((thrown as Error).message).toContain(`"${name}`);
      }),
      { numRuns: propertyRuns(1_000), seed },
    );
  });
});

/** Values that are not valid for `type`, each exercising a different check. */
function wrongValues(type: TlTypeRef): unknown[] {
  const always = [null, {}, Symbol('x')];
  if (type.kind === 'object')
    return [...always, { _: 'noSuchConstructor' }, type.type === 'True' ? 1 : { _: 'true' }];
  if (type.kind === 'vector') return [...always, 'x', [null]];
  switch (type.name) {
    case 'int':
      return [...always, 2 ** 31, -(2 ** 31) - 1, 1.5, '1'];
    case 'long':
      return [...always, 1, '01', '-0', '9223372036854775808', '1e3'];
    case 'double':
      return [...always, NaN, Infinity, '1'];
    case 'int128':
    case 'int256':
      return [...always, '00', 'zz'];
    case 'bytes':
      return [...always, 'abc', 'zz', 1];
    case 'string':
      return [...always, 5, '\ud800'];
    case 'Bool':
      return [...always, 1, 'true'];
  }
}
