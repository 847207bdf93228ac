// TL-JSON objects drawn from a TL schema (docs/spec.md §7.1, R7.1), and ways to break them, for
// the two TL codecs of the protocol: the secret-chat layer (tl.encode / tl.decode) and the server
// API objects of a chat (api.encode / api.decode, R4.8). The same ideas as the reference's own
// property tests, written for the fuzzer: edges of the codec get extra weight (negative ints, the
// 253/254-byte boundary of the length prefix, empty vectors), and neither schema is recursive so
// every draw ends. The two schemas are apart (PROTOCOL.md §5): each codec must refuse what the
// other one encodes, so each codec's inputs include the other schema's objects and bytes.
import fc from 'fast-check';
import {
  apiTlSchema,
  encodeTl,
  secretTlSchema,
  type TlConstructor,
  type TlObject,
  type TlSchema,
  type TlTypeRef,
  type TlValue,
} from '@conform/reference';
import { concat, expand, le32, toHex } from './bytes.js';

const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

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
      // 253 bytes is the longest short-form length, 254 the first long form (R7.1); 256 is a
      // g_a, g_b or p of the API schema (R4.6). Long ones shrink to short ones.
      return fc
        .tuple(
          fc.oneof(
            { withCrossShrink: true },
            fc.integer({ min: 0, max: 8 }),
            fc.constantFrom(253, 254, 255, 256, 300),
          ),
          fc.nat(),
        )
        .map(([n, s]) => toHex(expand(s, n, 'bytes')));
    case 'string':
      return fc.oneof(
        { withCrossShrink: true },
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

/** Draws valid objects of one schema; `top` is a type drawn more often (the top-level object). */
class SchemaObjects {
  readonly any: fc.Arbitrary<TlObject>;
  private readonly byType = new Map<string, fc.Arbitrary<TlObject>>();

  constructor(
    readonly schema: TlSchema,
    top?: string,
  ) {
    const any = this.of(schema.constructors);
    this.any = top === undefined ? any : fc.oneof(w(3, any), w(1, this.ofType(top)));
  }

  /**
   * An object of one of `ctors`, with every field drawn. The constructors with fewer fields come
   * first: fast-check shrinks towards the first, so a finding ends on the simplest object showing it.
   */
  of(ctors: readonly TlConstructor[]): fc.Arbitrary<TlObject> {
    const simplestFirst = [...ctors].sort((a, b) => a.fields.length - b.fields.length);
    return fc.constantFrom(...simplestFirst).chain((ctor) => this.object(ctor));
  }

  private ofType(type: string): fc.Arbitrary<TlObject> {
    let arb = this.byType.get(type);
    if (arb === undefined) {
      arb = fc.oneof(...(this.schema.byType.get(type) ?? []).map((ctor) => this.object(ctor)));
      this.byType.set(type, arb);
    }
    return arb;
  }

  private value(type: TlTypeRef): fc.Arbitrary<TlValue> {
    if (type.kind === 'object') return this.ofType(type.type);
    if (type.kind === 'vector') return fc.array(this.value(type.element), { maxLength: 3 });
    return primitiveArb(type.name);
  }

  private object(ctor: TlConstructor): fc.Arbitrary<TlObject> {
    const model: Record<string, fc.Arbitrary<TlValue>> = {};
    const requiredKeys: string[] = [];
    for (const field of ctor.fields) {
      if (field.kind === 'flags') continue;
      model[field.name] = field.kind === 'true' ? fc.boolean() : this.value(field.type);
      if (field.kind === 'value' && field.condition === undefined) requiredKeys.push(field.name);
    }
    return fc.record(model, { requiredKeys }).map((fields) => ({ _: ctor.name, ...fields }) as TlObject);
  }
}

/** Everything the fuzzer draws for one TL codec. */
export interface TlArbitraries {
  /** Valid TL-JSON objects of the schema. */
  readonly object: fc.Arbitrary<TlObject>;
  /** Their encodings. */
  readonly bytes: fc.Arbitrary<Uint8Array>;
  /**
   * The encoder's `object` argument: a valid object, or one it must refuse with bad_tl — a field
   * broken, a field holding a constructor of (mostly) another type, an object of the other schema.
   */
  readonly encodeInput: fc.Arbitrary<Record<string, unknown>>;
  /**
   * The decoder's `bytes` argument: valid encodings, the same truncated, extended, bit-flipped or
   * overwritten, constructor ids followed by noise, the other schema's encodings and ids, noise.
   */
  readonly decodeInput: fc.Arbitrary<Uint8Array>;
}

/** One field broken at random; the result is (almost always) no valid TL-JSON object (R7.1). */
const brokenFieldArb = (objects: fc.Arbitrary<TlObject>): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .tuple(
      objects,
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
        copy[key] = junk; // a value of the wrong type (a long as a JSON number among them)
      else if (how === 3)
        copy.extra_field = junk; // a field the constructor does not have
      else if (how === 4)
        copy.flags = 1; // flags are derived, never given (PROTOCOL.md §6)
      else delete copy._;
      return copy;
    });

const isObjectValue = (v: unknown): v is TlObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && '_' in v;

/** A field that holds an object given another constructor of the schema (usually of another type). */
const wrongTypeArb = (objects: fc.Arbitrary<TlObject>): fc.Arbitrary<Record<string, unknown>> =>
  fc.tuple(objects, objects, fc.nat()).map(([object, other, at]) => {
    const keys = Object.keys(object).filter((k) => isObjectValue(object[k]));
    if (keys.length === 0) return { ...object, _: `${String(object._)}X` };
    return { ...object, [keys[at % keys.length]!]: other };
  });

/** Encodings truncated, extended, bit-flipped or with a word overwritten. */
const mutatedArb = (encodings: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(
      encodings,
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

/** A constructor id followed by noise, to get past the first check. */
const idThenNoiseArb = (ctors: readonly TlConstructor[]): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(fc.constantFrom(...ctors), fc.nat(), fc.integer({ min: 0, max: 96 }))
    .map(([ctor, seed, n]) => concat(le32(ctor.id), expand(seed, n, 'noise')));

/** The arbitraries of `own`'s codec, with `foreign` as the schema it must refuse. */
function tlArbitraries(own: SchemaObjects, foreign: SchemaObjects): TlArbitraries {
  const { schema } = own;
  const objects = own.any;
  // The built-ins both schemas have (boolTrue, boolFalse, true) are not foreign.
  const foreignOnly = foreign.schema.constructors.filter((c) => !schema.byName.has(c.name));
  const foreignObjects = foreign.of(foreignOnly);
  const broken = fc.oneof(
    w(6, brokenFieldArb(objects)),
    w(1, wrongTypeArb(objects)),
    w(1, foreignObjects as fc.Arbitrary<Record<string, unknown>>),
  );
  const bytes = objects.map((o) => encodeTl(o, schema));
  const foreignBytes = fc.oneof(
    w(
      2,
      foreignObjects.map((o) => encodeTl(o, foreign.schema)),
    ),
    w(1, idThenNoiseArb(foreignOnly)),
  );
  return {
    object: objects,
    bytes,
    encodeInput: fc.oneof(objects as fc.Arbitrary<Record<string, unknown>>, broken),
    decodeInput: fc.oneof(
      w(3, bytes),
      w(4, mutatedArb(bytes)),
      w(2, idThenNoiseArb(schema.constructors)),
      w(1, foreignBytes),
      w(
        1,
        fc.tuple(fc.integer({ min: 0, max: 64 }), fc.nat()).map(([n, seed]) => expand(seed, n, 'tl')),
      ),
    ),
  };
}

const SECRET = new SchemaObjects(secretTlSchema, 'DecryptedMessageLayer');
const API = new SchemaObjects(apiTlSchema);

/** tl.encode / tl.decode: the secret-chat layer (R7.1), the layer object drawn more often. */
export const SECRET_TL: TlArbitraries = tlArbitraries(SECRET, API);
/** api.encode / api.decode: the server API objects of a secret chat (R4.6, R4.8). */
export const API_TL: TlArbitraries = tlArbitraries(API, SECRET);
