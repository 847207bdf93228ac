// Decodes untrusted TL bytes (§7.1) into a TL-JSON object. Any byte string yields a value:
// `{ ok: true, object, consumed }` or `{ ok: false, error }` (tl-error.ts). It never throws on input
// content, never reads past the end, bounds every vector by the bytes remaining before allocating,
// and caps nesting depth, so work and memory are linear in the input length.
//
// Strictness (a reference accepts exactly the canonical encodings, so encodeTl(decoded) reproduces the
// consumed bytes): non-canonical string lengths, nonzero padding (tl-reader.ts), flags bits no field
// uses, and non-finite doubles are rejected. TDLib is lenient on all of these; they are not security
// checks, and a harness should report them as divergences rather than failures.
import { assertBytes, assertInteger } from '../_assert.js';
import { minEncodedSize, type TlConstructor, type TlSchema, type TlTypeRef } from './schema-parse.js';
import { secretTlSchema } from './schema.js';
import type { TlDecodeResult } from './tl-error.js';
import { bytesToJson, longToJson, type TlObject, type TlValue } from './tl-json.js';
import { TlReadFailure, TlReader } from './tl-reader.js';

export interface TlDecodeOptions {
  /** Schema to decode with; default: the secret-chat schema (schema.ts). */
  readonly schema?: TlSchema;
  /** Required type of the top-level object, e.g. 'DecryptedMessageLayer' (R3.7 step 6); default: any. */
  readonly type?: string;
  /**
   * Accept bytes after the top-level object (reported as `consumed` < length). Default false: like
   * TDLib (`fetch_end`), the TL body must be consumed exactly (R3.7 step 6, divergence D5).
   */
  readonly allowTrailingBytes?: boolean;
  /** Maximum nesting of objects and vectors, the top-level object counting 1. Default 32. */
  readonly maxDepth?: number;
}

/** The secret schema nests at most 6 deep (layer → message → media → attributes → sticker → set). */
export const TL_DEFAULT_MAX_DEPTH = 32;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes one boxed TL object from `bytes`. Protocol rejections are values, never exceptions. */
export function decodeTl(bytes: Uint8Array, options: TlDecodeOptions = {}): TlDecodeResult {
  assertBytes('bytes', bytes);
  const schema = options.schema ?? secretTlSchema;
  const maxDepth = options.maxDepth ?? TL_DEFAULT_MAX_DEPTH;
  assertInteger('maxDepth', maxDepth, 1, 1000);
  if (options.type !== undefined && !schema.byType.has(options.type)) {
    throw new RangeError(`"type" expected a type of the schema, got ${JSON.stringify(options.type)}`);
  }
  const decoder = new Decoder(new TlReader(bytes), schema, maxDepth);
  try {
    const object = decoder.object(options.type, 1);
    const consumed = decoder.reader.offset;
    if (consumed !== bytes.length && options.allowTrailingBytes !== true) {
      decoder.reader.fail(
        'trailing_bytes',
        `${bytes.length - consumed} bytes after the object (R3.7 step 6)`,
      );
    }
    return { ok: true, object, consumed };
  } catch (e) {
    if (!(e instanceof TlReadFailure)) throw e; // a bug, not an input: keep it loud
    return { ok: false, error: { code: e.code, offset: e.offset, path: decoder.path(), message: e.message } };
  }
}

class Decoder {
  /** Field names and `[index]`s from the root to the value being read; left in place on failure. */
  private readonly segments: string[] = [];

  constructor(
    readonly reader: TlReader,
    private readonly schema: TlSchema,
    private readonly maxDepth: number,
  ) {}

  path(): string {
    return this.segments.reduce((p, s) => (s.startsWith('[') || p === '' ? p + s : `${p}.${s}`), '');
  }

  object(expectedType: string | undefined, depth: number): TlObject {
    const r: TlReader = this.reader;
    if (depth > this.maxDepth) r.fail('too_deep', `nesting deeper than ${this.maxDepth}`);
    const at = r.offset;
    const id = r.uint32();
    const ctor = this.schema.byId.get(id);
    if (!ctor) r.fail('unknown_constructor', `unknown constructor id ${hex32(id)}`, at);
    if (expectedType !== undefined && ctor.type !== expectedType) {
      r.fail('unexpected_constructor', `${ctor.name} is a ${ctor.type}, expected a ${expectedType}`, at);
    }
    return this.fields(ctor, depth);
  }

  private fields(ctor: TlConstructor, depth: number): TlObject {
    const r = this.reader;
    const out: { _: string; [field: string]: TlValue } = { _: ctor.name };
    const flagWords = new Map<string, number>();
    for (const field of ctor.fields) {
      if (field.kind === 'flags') {
        const at = r.offset;
        const word = r.uint32();
        const unknown = (word & ~field.knownBits) >>> 0;
        if (unknown !== 0)
          r.fail('unknown_flags', `${ctor.name}.${field.name} has unused bits ${hex32(unknown)}`, at);
        flagWords.set(field.name, word);
        continue;
      }
      const c = field.condition;
      const present = c === undefined || ((flagWords.get(c.flags) ?? 0) & (1 << c.bit)) !== 0;
      if (field.kind === 'true') {
        if (present) out[field.name] = true; // false is left out: the shortest TL-JSON form
        continue;
      }
      if (!present) continue;
      this.segments.push(field.name);
      out[field.name] = this.value(field.type, depth);
      this.segments.pop();
    }
    return out;
  }

  private value(type: TlTypeRef, depth: number): TlValue {
    const r = this.reader;
    if (type.kind === 'object') return this.object(type.type, depth + 1);
    if (type.kind === 'vector') return this.vector(type, depth + 1);
    const at = r.offset;
    switch (type.name) {
      case 'int':
        return r.int32();
      case 'long':
        return longToJson(r.int64());
      case 'double': {
        const d = r.double();
        if (!Number.isFinite(d)) r.fail('bad_double', `double ${d} has no TL-JSON form`, at);
        return d;
      }
      case 'int128':
        return bytesToJson(r.raw(16));
      case 'int256':
        return bytesToJson(r.raw(32));
      case 'bytes':
        return bytesToJson(r.bytes());
      case 'string': {
        const raw = r.bytes();
        try {
          return utf8.decode(raw);
        } catch {
          return r.fail('bad_utf8', 'string is not well-formed UTF-8', at);
        }
      }
      case 'Bool': {
        const id = r.uint32();
        if (id === this.schema.boolTrueId) return true;
        if (id === this.schema.boolFalseId) return false;
        return r.fail('bad_bool', `Bool expected boolTrue or boolFalse, got ${hex32(id)}`, at);
      }
    }
  }

  private vector(type: TlTypeRef & { kind: 'vector' }, depth: number): TlValue[] {
    const r = this.reader;
    if (depth > this.maxDepth) r.fail('too_deep', `nesting deeper than ${this.maxDepth}`);
    const at = r.offset;
    if (type.boxed) {
      const id = r.uint32();
      if (id !== this.schema.vectorId) {
        const known = this.schema.byId.get(id);
        if (known)
          r.fail('unexpected_constructor', `${known.name} is a ${known.type}, expected a Vector`, at);
        r.fail('unknown_constructor', `expected vector#1cb5c415, got ${hex32(id)}`, at);
      }
    }
    const countAt = r.offset;
    const count = r.int32();
    if (count < 0) r.fail('bad_length', `negative vector count ${count}`, countAt);
    // §7.1: bound the count by the bytes left before allocating or looping.
    if (count * minEncodedSize(type.element) > r.remaining) {
      r.fail('too_large', `vector count ${count} cannot fit in ${r.remaining} remaining bytes`, countAt);
    }
    const out: TlValue[] = [];
    for (let i = 0; i < count; i++) {
      this.segments.push(`[${i}]`);
      out.push(this.value(type.element, depth));
      this.segments.pop();
    }
    return out;
  }
}

function hex32(n: number): string {
  return '#' + (n >>> 0).toString(16).padStart(8, '0');
}
