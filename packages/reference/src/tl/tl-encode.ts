// Encodes a TL-JSON object (tl-json.ts) to its boxed TL serialization (§7.1).
// Caller misuse (missing or unknown field, wrong JS type, unknown constructor, value out of range)
// throws TypeError/RangeError naming the field path; the output is always the canonical encoding.
import { describeValue } from '../_assert.js';
import type { TlConstructor, TlSchema, TlTypeRef } from './schema-parse.js';
import { secretTlSchema } from './schema.js';
import {
  booleanFromJson,
  bytesFromJson,
  doubleFromJson,
  fieldPath,
  intFromJson,
  longFromJson,
  objectNameFromJson,
  stringFromJson,
  type TlObject,
} from './tl-json.js';
import { TlWriter } from './tl-writer.js';

const utf8 = new TextEncoder();

/** Serializes `object` as a boxed TL value: constructor id, then its fields (§7.1). */
export function encodeTl(object: TlObject, schema: TlSchema = secretTlSchema): Uint8Array {
  const writer = new TlWriter();
  writeObject(writer, schema, object, undefined, '');
  return writer.finish();
}

function writeObject(
  w: TlWriter,
  schema: TlSchema,
  value: unknown,
  expectedType: string | undefined,
  path: string,
): void {
  const label = path === '' ? 'object' : path;
  const name = objectNameFromJson(label, value);
  const ctor = schema.byName.get(name);
  if (!ctor)
    throw new RangeError(`"${label}._" expected a known constructor name, got ${describeValue(name)}`);
  if (expectedType !== undefined && ctor.type !== expectedType) {
    throw new RangeError(`"${label}" expected a ${expectedType} constructor, got "${name}" (${ctor.type})`);
  }
  const fields = value as Readonly<Record<string, unknown>>;
  checkKeys(ctor, fields, path);

  // Flags words are derived (docs/design.md §3.6): bit N is set iff the field conditioned on it is present.
  const flagWords = new Map<string, number>();
  for (const field of ctor.fields) {
    if (field.kind === 'flags' || field.condition === undefined) continue;
    const given = fields[field.name];
    const present =
      field.kind === 'true'
        ? given !== undefined && booleanFromJson(fieldPath(path, field.name), given)
        : given !== undefined;
    if (present) {
      const word = flagWords.get(field.condition.flags) ?? 0;
      flagWords.set(field.condition.flags, word | (1 << field.condition.bit));
    }
  }

  w.uint32(ctor.id);
  for (const field of ctor.fields) {
    if (field.kind === 'flags') w.uint32(flagWords.get(field.name) ?? 0);
    if (field.kind !== 'value') continue; // `flags.N?true` lives only in its bit
    const given = fields[field.name];
    const at = fieldPath(path, field.name);
    if (given === undefined) {
      if (field.condition !== undefined) continue;
      throw new TypeError(`"${at}" expected ${describeType(field.type)}, got undefined (missing field)`);
    }
    writeValue(w, schema, field.type, given, at);
  }
}

/** Rejects keys the constructor does not have, including flags words (derived, never given). */
function checkKeys(ctor: TlConstructor, fields: Readonly<Record<string, unknown>>, path: string): void {
  for (const key of Object.keys(fields)) {
    if (key === '_') continue;
    const field = ctor.fields.find((f) => f.name === key);
    if (!field) throw new TypeError(`"${fieldPath(path, key)}" is not a field of ${ctor.name}`);
    if (field.kind === 'flags') {
      throw new TypeError(
        `"${fieldPath(path, key)}" is derived from the optional fields and must not be given`,
      );
    }
  }
}

function writeValue(w: TlWriter, schema: TlSchema, type: TlTypeRef, value: unknown, path: string): void {
  if (type.kind === 'object') return writeObject(w, schema, value, type.type, path);
  if (type.kind === 'vector') {
    if (!Array.isArray(value)) throw new TypeError(`"${path}" expected array, got ${describeValue(value)}`);
    if (type.boxed) w.uint32(schema.vectorId);
    w.int32(value.length);
    value.forEach((element: unknown, i) => writeValue(w, schema, type.element, element, `${path}[${i}]`));
    return;
  }
  switch (type.name) {
    case 'int':
      return w.int32(intFromJson(path, value));
    case 'long':
      return w.int64(longFromJson(path, value));
    case 'double':
      return w.double(doubleFromJson(path, value));
    case 'int128':
      return w.raw(bytesFromJson(path, value, 16));
    case 'int256':
      return w.raw(bytesFromJson(path, value, 32));
    case 'bytes':
      return w.bytes(bytesFromJson(path, value), path);
    case 'string':
      return w.bytes(utf8.encode(stringFromJson(path, value)), path);
    case 'Bool':
      return w.uint32(booleanFromJson(path, value) ? schema.boolTrueId : schema.boolFalseId);
  }
}

function describeType(type: TlTypeRef): string {
  if (type.kind === 'object') return `a ${type.type} object`;
  if (type.kind === 'vector') return `array of ${describeType(type.element)}`;
  return type.name;
}
