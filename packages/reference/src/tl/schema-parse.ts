// Parses TL schema lines (§7.1) into constructor descriptors, once, at module load.
// The accepted grammar is the subset the secret-chat schema uses:
//   name#id field:type ... = Type;
// where a type is a primitive (int long double int128 int256 string bytes Bool), a boxed type name
// (capitalised, any constructor of that type), `Vector<T>` (boxed vector) or `vector<T>` (bare), a
// flags word `#`, or a condition `flags.N?T` / `flags.N?true`. The generic `vector` built-in line is
// recognised by name. The schema is our own data, so a malformed line is a programming error: it throws.

/** Primitive TL types; they are always bare. `Bool` is boxed on the wire but maps to a JSON boolean. */
export type TlPrimitive = 'int' | 'long' | 'double' | 'int128' | 'int256' | 'string' | 'bytes' | 'Bool';

/** A field's type. Objects are boxed (constructor id first); a bare vector omits vector#1cb5c415. */
export type TlTypeRef =
  | { readonly kind: 'primitive'; readonly name: TlPrimitive }
  | { readonly kind: 'object'; readonly type: string }
  | { readonly kind: 'vector'; readonly boxed: boolean; readonly element: TlTypeRef };

/** `flags.N?…`: present iff bit N of the flags word `flags` is set (§7.1). */
export interface TlCondition {
  readonly flags: string;
  readonly bit: number;
}

export type TlField =
  /** `name:#`: a 32-bit flags word, derived from the conditional fields on encode. */
  | { readonly kind: 'flags'; readonly name: string; readonly knownBits: number }
  /** `name:flags.N?true`: a boolean stored only as bit N; occupies no bytes. */
  | { readonly kind: 'true'; readonly name: string; readonly condition: TlCondition }
  /** `name:T` or `name:flags.N?T`. */
  | {
      readonly kind: 'value';
      readonly name: string;
      readonly type: TlTypeRef;
      readonly condition: TlCondition | undefined;
    };

export interface TlConstructor {
  /** TL-JSON name (`_`), including any layer suffix. */
  readonly name: string;
  /** Constructor id as an unsigned 32-bit number. */
  readonly id: number;
  /** Result type, e.g. `DecryptedMessage`. */
  readonly type: string;
  readonly fields: readonly TlField[];
  /** The schema line it was parsed from. */
  readonly line: string;
}

export interface TlSchema {
  readonly constructors: readonly TlConstructor[];
  readonly byName: ReadonlyMap<string, TlConstructor>;
  readonly byId: ReadonlyMap<number, TlConstructor>;
  readonly byType: ReadonlyMap<string, readonly TlConstructor[]>;
  readonly vectorId: number;
  readonly boolTrueId: number;
  readonly boolFalseId: number;
}

const PRIMITIVES: ReadonlySet<string> = new Set<TlPrimitive>([
  'int',
  'long',
  'double',
  'int128',
  'int256',
  'string',
  'bytes',
  'Bool',
]);

// The result type may carry a namespace (`messages.DhConfig`) or be a vector (a method's `Vector<long>`).
const LINE =
  /^([a-z][\w.]*)#([0-9a-f]{1,8})((?:\s+[^\s=]+)*)\s*=\s*((?:[a-z]\w*\.)?[A-Z]\w*|Vector<[\w.]+>)\s*;$/;
const FIELD = /^([a-z_][\w]*):(.+)$/;
const CONDITION = /^([a-z_][\w]*)\.(\d+)\?(.+)$/;

/** Parses schema lines (built-ins included) into a schema. Throws Error on a malformed schema. */
export function parseTlSchema(lines: readonly string[]): TlSchema {
  const constructors: TlConstructor[] = [];
  const byName = new Map<string, TlConstructor>();
  const byId = new Map<number, TlConstructor>();
  const byType = new Map<string, TlConstructor[]>();
  let vectorId: number | undefined;

  for (const line of lines) {
    const vector = /^vector#([0-9a-f]{1,8}) /.exec(line);
    if (vector) {
      vectorId = parseInt(vector[1]!, 16);
      continue;
    }
    const ctor = parseLine(line);
    if (byName.has(ctor.name)) throw new Error(`TL schema: duplicate name ${ctor.name}`);
    if (byId.has(ctor.id)) throw new Error(`TL schema: duplicate id of ${ctor.name}`);
    constructors.push(ctor);
    byName.set(ctor.name, ctor);
    byId.set(ctor.id, ctor);
    const sameType = byType.get(ctor.type) ?? [];
    sameType.push(ctor);
    byType.set(ctor.type, sameType);
  }

  // Every referenced object type must have a constructor, or nothing could ever decode it.
  for (const ctor of constructors) {
    for (const field of ctor.fields) {
      if (field.kind === 'value') checkTypeDefined(field.type, byType, ctor.name);
    }
  }
  const boolTrue = byName.get('boolTrue');
  const boolFalse = byName.get('boolFalse');
  if (vectorId === undefined || !boolTrue || !boolFalse) {
    throw new Error('TL schema: the built-ins vector, boolTrue and boolFalse are required');
  }
  return { constructors, byName, byId, byType, vectorId, boolTrueId: boolTrue.id, boolFalseId: boolFalse.id };
}

function parseLine(line: string): TlConstructor {
  const m = LINE.exec(line.trim());
  if (!m) throw new Error(`TL schema: cannot parse line ${JSON.stringify(line)}`);
  const [, name, idHex, fieldText, type] = m as unknown as [string, string, string, string, string];
  const fields: TlField[] = [];
  // Bits used per flags word, so that a bit means exactly one field (keeps decode→encode exact).
  const flagBits = new Map<string, number>();

  for (const token of fieldText
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '')) {
    const f = FIELD.exec(token);
    if (!f) throw new Error(`TL schema: ${name}: cannot parse field ${token}`);
    const [, fieldName, typeText] = f as unknown as [string, string, string];
    if (fields.some((x) => x.name === fieldName))
      throw new Error(`TL schema: ${name}: duplicate ${fieldName}`);

    if (typeText === '#') {
      flagBits.set(fieldName, 0);
      fields.push({ kind: 'flags', name: fieldName, knownBits: 0 });
      continue;
    }
    const c = CONDITION.exec(typeText);
    if (!c) {
      fields.push({
        kind: 'value',
        name: fieldName,
        type: parseTypeRef(typeText, name),
        condition: undefined,
      });
      continue;
    }
    const [, flags, bitText, inner] = c as unknown as [string, string, string, string];
    const bit = Number(bitText);
    const used = flagBits.get(flags);
    if (used === undefined) throw new Error(`TL schema: ${name}: ${fieldName} uses ${flags} before its #`);
    if (bit > 31 || (used & (1 << bit)) !== 0)
      throw new Error(`TL schema: ${name}: bad or reused bit ${bit}`);
    flagBits.set(flags, used | (1 << bit));
    const condition = { flags, bit };
    fields.push(
      inner === 'true'
        ? { kind: 'true', name: fieldName, condition }
        : { kind: 'value', name: fieldName, type: parseTypeRef(inner, name), condition },
    );
  }

  const withKnownBits = fields.map((field) =>
    field.kind === 'flags' ? { ...field, knownBits: flagBits.get(field.name)! >>> 0 } : field,
  );
  return { name, id: parseInt(idHex, 16) >>> 0, type, fields: withKnownBits, line };
}

function parseTypeRef(text: string, where: string): TlTypeRef {
  if (PRIMITIVES.has(text)) return { kind: 'primitive', name: text as TlPrimitive };
  const v = /^([Vv])ector<(.+)>$/.exec(text);
  if (v) return { kind: 'vector', boxed: v[1] === 'V', element: parseTypeRef(v[2]!, where) };
  if (/^(?:[a-z]\w*\.)?[A-Z]\w*$/.test(text)) return { kind: 'object', type: text };
  throw new Error(`TL schema: ${where}: unsupported type ${text}`);
}

function checkTypeDefined(type: TlTypeRef, byType: ReadonlyMap<string, unknown>, where: string): void {
  if (type.kind === 'vector') checkTypeDefined(type.element, byType, where);
  if (type.kind === 'object' && !byType.has(type.type)) {
    throw new Error(`TL schema: ${where}: type ${type.type} has no constructor`);
  }
}

/** The fewest bytes a value of `type` can occupy; bounds a vector's count before allocating (§7.1). */
export function minEncodedSize(type: TlTypeRef): number {
  if (type.kind === 'vector') return type.boxed ? 8 : 4; // [id] + count
  if (type.kind === 'object') return 4; // constructor id
  switch (type.name) {
    case 'long':
    case 'double':
      return 8;
    case 'int128':
      return 16;
    case 'int256':
      return 32;
    default:
      return 4; // int, Bool, and the shortest string/bytes (length byte + 3 padding bytes)
  }
}
