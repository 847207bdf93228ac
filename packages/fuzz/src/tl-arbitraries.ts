// TL-JSON objects drawn from the secret-chat schema (docs/spec.md §7.1, R7.1), and ways to break
// them, for tl.encode / tl.decode. The same ideas as the reference's own property tests, written
// for the fuzzer: edges of the codec get extra weight (negative ints, the 253/254-byte boundary of
// the length prefix, empty vectors), and the secret schema is not recursive so every draw ends.
import fc from 'fast-check';
import {
  encodeTl,
  secretTlSchema,
  type TlConstructor,
  type TlObject,
  type TlTypeRef,
  type TlValue,
} from '@conform/reference';
import { concat, expand, le32, toHex } from './bytes.js';

const schema = secretTlSchema;

const INT_EDGES = [0, 1, -1, 0x7fffffff, -0x80000000, 144, 46, 8];

function primitiveArb(name: string): fc.Arbitrary<TlValue> {
  switch (name) {
    case 'int':
      return fc.oneof(fc.constantFrom(...INT_EDGES), fc.integer({ min: -0x80000000, max: 0x7fffffff }));
    case 'long':
      return fc
        .oneof(
          fc.constantFrom(0n, -1n, 2n ** 63n - 1n, -(2n ** 63n)),
          fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        )
        .map(String);
    case 'double':
      // JSON cannot carry NaN, ±Infinity or −0 (they would not survive the trip to the implementation).
      return fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (Object.is(d, -0) ? 0 : d));
    case 'int128':
      return fc.nat().map((s) => toHex(expand(s, 16, 'int128')));
    case 'int256':
      return fc.nat().map((s) => toHex(expand(s, 32, 'int256')));
    case 'bytes':
      // 253 bytes is the longest short-form length, 254 the first long form (R7.1).
      return fc
        .tuple(fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constantFrom(253, 254, 255, 300)), fc.nat())
        .map(([n, s]) => toHex(expand(s, n, 'bytes')));
    case 'string':
      return fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.string({ unit: 'grapheme', maxLength: 4 }),
        fc.constantFrom(253, 254).map((n) => 'a'.repeat(n)),
      );
    case 'Bool':
      return fc.boolean();
    default:
      throw new Error(`no arbitrary for TL primitive ${name}`);
  }
}

function valueArb(type: TlTypeRef): fc.Arbitrary<TlValue> {
  if (type.kind === 'object') return typeArb(type.type);
  if (type.kind === 'vector') return fc.array(valueArb(type.element), { maxLength: 3 });
  return primitiveArb(type.name);
}

const byType = new Map<string, fc.Arbitrary<TlObject>>();

function typeArb(type: string): fc.Arbitrary<TlObject> {
  let arb = byType.get(type);
  if (arb === undefined) {
    arb = fc.oneof(...(schema.byType.get(type) ?? []).map(objectArb));
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
  return fc.record(model, { requiredKeys }).map((fields) => ({ _: ctor.name, ...fields }) as TlObject);
}

/** Any constructor of the schema, and (more often) the top-level decryptedMessageLayer. */
export const tlObjectArb: fc.Arbitrary<TlObject> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...schema.constructors).chain(objectArb) },
  { weight: 1, arbitrary: typeArb('DecryptedMessageLayer') },
);

/** A valid TL-JSON object with one field broken: tl.encode must refuse it with bad_tl (R7.1). */
export const brokenTlObjectArb: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    tlObjectArb,
    fc.nat(),
    fc.integer({ min: 0, max: 5 }),
    fc.constantFrom<unknown>('x', 1.5, -1, 2 ** 40, null, [], {}, true, 'zz'),
  )
  .map(([object, at, how, junk]) => {
    const copy: Record<string, unknown> = { ...object };
    const keys = Object.keys(copy).filter((k) => k !== '_');
    const key = keys.length > 0 ? keys[at % keys.length]! : undefined;
    if (how === 0 || key === undefined)
      copy._ = `${String(object._)}X`; // unknown constructor
    else if (how === 1)
      delete copy[key]; // a missing field (required ones make it invalid)
    else if (how === 2)
      copy[key] = junk; // a value of the wrong type
    else if (how === 3)
      copy.extra_field = junk; // a field the constructor does not have
    else if (how === 4)
      copy.flags = 1; // flags are derived, never given (PROTOCOL.md §6)
    else delete copy._;
    return copy;
  });

/** Valid encodings of schema objects. */
export const tlBytesArb: fc.Arbitrary<Uint8Array> = tlObjectArb.map((o) => encodeTl(o));

/** Valid encodings truncated, extended, bit-flipped or with a word overwritten. */
export const mutatedTlBytesArb: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    tlBytesArb,
    fc.nat(),
    fc.nat(7),
    fc.nat(),
    fc.integer({ min: 1, max: 16 }),
    fc.integer({ min: 0, max: 3 }),
  )
  .map(([bytes, at, bit, seed, n, how]) => {
    const i = bytes.length === 0 ? 0 : at % bytes.length;
    if (how === 0) return bytes.subarray(0, i); // truncated
    if (how === 1) return concat(bytes, expand(seed, n, 'tail')); // trailing bytes (D5)
    const copy = bytes.slice();
    if (how === 2) copy[i] = copy[i]! ^ (1 << bit);
    else copy.set(expand(seed, Math.min(4, copy.length - i), 'word'), i);
    return copy;
  });

/** A real constructor id followed by noise, to get past the first check. */
export const idThenNoiseArb: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.constantFrom(...schema.constructors), fc.nat(), fc.integer({ min: 0, max: 96 }))
  .map(([ctor, seed, n]) => concat(le32(ctor.id), expand(seed, n, 'noise')));
