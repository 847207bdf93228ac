// The fuzzer's oracle: what the reference answers to a request, computed in-process with
// @conform/reference and mapped to the protocol the way impls/reference/src/ops.ts does (argument
// rules of PROTOCOL.md §5 → bad_input; the reference's TypeError/RangeError → bad_input; each op's
// own refusal code). Where real clients legitimately differ (docs/spec.md §12) the oracle returns
// every answer one of the reference's profiles gives, and an implementation may match any of them.
import { isDeepStrictEqual } from 'node:util';
import {
  ANDROID_ENVELOPE_POLICY,
  KEY_HASH_LENGTH,
  KEY_VISUAL_PALETTE,
  LEGACY_KEY_HASH_LENGTH,
  STRICT_ENVELOPE_POLICY,
  TDLIB_ENVELOPE_POLICY,
  apiTlSchema,
  callEmojiIndices,
  checkDhParams,
  checkDhPublic,
  computeDhKey,
  computeDhPublic,
  computeKeyFingerprint,
  computeKeyHash,
  computeMsgKey,
  decodeTl,
  decryptEnvelope,
  deriveMessageKeys,
  encodeTl,
  encryptEnvelope,
  igeDecrypt,
  igeEncrypt,
  keyHashGrid,
  secretTlSchema,
  senderForKeyOffset,
  type EnvelopePolicy,
  type TlObject,
  type TlSchema,
} from '@conform/reference';
import { HEX, fromHex, toHex } from './bytes.js';

/** One answer: success with its result fields, or a failure with its error code. */
export type Outcome =
  | { readonly ok: true; readonly results: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly error: string };

/** The answers the reference accepts from an implementation; more than one only for a divergence. */
export interface Expectation {
  readonly outcomes: readonly Outcome[];
  /** The §12 divergence that allows more than one answer. */
  readonly divergence?: string;
}

export type Args = Readonly<Record<string, unknown>>;

class ArgError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const badInput = () => new ArgError('bad_input');

function bytes(args: Args, name: string, rule: { length?: number; multipleOf?: number } = {}): Uint8Array {
  const value = args[name];
  if (typeof value !== 'string' || !HEX.test(value)) throw badInput();
  const length = value.length / 2;
  if (rule.length !== undefined && length !== rule.length) throw badInput();
  if (rule.multipleOf !== undefined && length % rule.multipleOf !== 0) throw badInput();
  return fromHex(value);
}

function optionalBytes(args: Args, name: string, rule: { length?: number } = {}): Uint8Array | undefined {
  return args[name] === undefined ? undefined : bytes(args, name, rule);
}

function integer(args: Args, name: string): number {
  const value = args[name];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw badInput();
  return value;
}

/** R2.3: x is the sender's key offset, 0 or 8; anything else is bad_input (PROTOCOL.md §5). */
function sender(args: Args) {
  const x = integer(args, 'x');
  if (x !== 0 && x !== 8) throw badInput();
  return senderForKeyOffset(x);
}

const ok = (results: Record<string, unknown> = {}): Outcome => ({ ok: true, results });
const fail = (error: string): Outcome => ({ ok: false, error });

/** Runs one computation the way the adapter's dispatch does: argument and misuse errors → bad_input. */
function attempt(compute: () => Outcome): Outcome {
  try {
    return compute();
  } catch (error) {
    if (error instanceof ArgError) return fail(error.code);
    if (error instanceof TypeError || error instanceof RangeError) return fail('bad_input');
    throw error;
  }
}

const single = (compute: () => Outcome): Expectation => ({ outcomes: [attempt(compute)] });

/** Several computations (one per profile); duplicates are dropped, the strict answer comes first. */
function either(divergence: string, computes: readonly (() => Outcome)[]): Expectation {
  const outcomes: Outcome[] = [];
  for (const compute of computes) {
    const o = attempt(compute);
    if (!outcomes.some((seen) => isDeepStrictEqual(seen, o))) outcomes.push(o);
  }
  return outcomes.length > 1 ? { outcomes, divergence } : { outcomes };
}

const AES = 32; // R1
const KEY = 256; // R4.7
const DH = 256; // R4.2, R4.5

/** Both leniencies at once: D3 and D4 are each implementation-defined on their own (§12, R3.10). */
const BOTH_LENIENT: EnvelopePolicy = { lengthMod4: 'allow', raggedTail: 'ignore' };

function ige(encrypt: boolean) {
  return (args: Args) =>
    single(() => {
      const key = bytes(args, 'key', { length: AES });
      const iv = bytes(args, 'iv', { length: AES });
      const data = bytes(args, 'data', { multipleOf: 16 });
      return ok({ data: toHex(encrypt ? igeEncrypt(key, iv, data) : igeDecrypt(key, iv, data)) });
    });
}

/** e2e.decrypt under one policy; `why.reason` gets the reference's diagnostic reason of a refusal. */
function decryptOutcome(args: Args, policy: EnvelopePolicy, why: { reason?: string } = {}): Outcome {
  const key = bytes(args, 'key', { length: KEY });
  const role = sender(args);
  const data = bytes(args, 'data');
  const result = decryptEnvelope(key, role, data, policy);
  if (!result.ok) why.reason = result.reason;
  // R3.8: one code for every rejection.
  return result.ok ? ok({ message: toHex(result.message) }) : fail('rejected');
}

function checkParamsOutcome(p: Uint8Array, g: number): Outcome {
  // PROTOCOL.md §5: any JSON integer is a well-formed g; outside int32 it is refused (bad_params).
  if (g < -0x80000000 || g > 0x7fffffff) return fail('bad_params');
  return checkDhParams(p, g).ok ? ok() : fail('bad_params');
}

/** tl.encode and api.encode: a TL-JSON object of `schema` (R7.1), refused with bad_tl. */
function tlEncode(schema: TlSchema) {
  return (args: Args) =>
    single(() => {
      if (args.object === undefined) return fail('bad_input');
      try {
        return ok({ bytes: toHex(encodeTl(args.object as TlObject, schema)) });
      } catch {
        return fail('bad_tl');
      }
    });
}

function tlDecodeOutcome(args: Args, schema: TlSchema, allowTrailingBytes: boolean): Outcome {
  const result = decodeTl(bytes(args, 'bytes'), { schema, allowTrailingBytes });
  return result.ok ? ok({ object: result.object }) : fail('bad_tl');
}

/** The reference's answer to every stateless op of PROTOCOL.md §5, by op name. */
export const ORACLE: ReadonlyMap<string, (args: Args) => Expectation> = new Map<
  string,
  (args: Args) => Expectation
>([
  ['ige.encrypt', ige(true)],
  ['ige.decrypt', ige(false)],
  [
    'mtproto2.msg_key',
    (args) =>
      single(() => {
        const key = bytes(args, 'key', { length: KEY });
        const role = sender(args);
        const plaintext = bytes(args, 'plaintext', { multipleOf: 16 });
        return ok({ msg_key: toHex(computeMsgKey(key, role, plaintext)) });
      }),
  ],
  [
    'mtproto2.kdf',
    (args) =>
      single(() => {
        const key = bytes(args, 'key', { length: KEY });
        const msgKey = bytes(args, 'msg_key', { length: 16 });
        const { aesKey, aesIv } = deriveMessageKeys(key, sender(args), msgKey);
        return ok({ aes_key: toHex(aesKey), aes_iv: toHex(aesIv) });
      }),
  ],
  [
    'e2e.encrypt',
    (args) =>
      single(() => {
        const key = bytes(args, 'key', { length: KEY });
        const role = sender(args);
        const message = bytes(args, 'message', { multipleOf: 4 });
        // The fuzzer always gives the padding, so the result is fully determined (PROTOCOL.md §5).
        const padding = bytes(args, 'padding');
        return ok({ data: toHex(encryptEnvelope(key, role, message, { padding })) });
      }),
  ],
  [
    'e2e.decrypt',
    (args) => {
      // The lenient policies can only answer differently where the strict one refused for the
      // reason they relax (decryptEnvelope's diagnostic reason), so they are computed only then:
      // each decryption is a full pass of pure-JS AES, and the fuzzer must not be the bottleneck.
      const why: { reason?: string } = {};
      const strict = attempt(() => decryptOutcome(args, STRICT_ENVELOPE_POLICY, why));
      const lenient =
        why.reason === 'length_not_mod4'
          ? [ANDROID_ENVELOPE_POLICY]
          : why.reason === 'not_block_aligned'
            ? [TDLIB_ENVELOPE_POLICY, BOTH_LENIENT]
            : [];
      return either('D3/D4 (spec §12): a length field L % 4 ≠ 0, or a ragged ciphertext tail', [
        () => strict,
        ...lenient.map((policy) => () => decryptOutcome(args, policy)),
      ]);
    },
  ],
  [
    'dh.check_params',
    (args) => {
      const strict = () => checkParamsOutcome(bytes(args, 'p'), integer(args, 'g'));
      const p = typeof args.p === 'string' ? args.p : '';
      // R4.2: a 257-byte p with a leading zero byte has 2048 bits; the reference checks the wire
      // form (Android) and refuses it, TDLib counts bits and would accept it. The vectors mark it
      // `acceptable`, so the fuzzer accepts either answer too.
      if (p.length === 514 && p.startsWith('00'))
        return either('R4.2: a 257-byte p with a leading zero byte (TDLib counts bits)', [
          strict,
          () => checkParamsOutcome(bytes(args, 'p').subarray(1), integer(args, 'g')),
        ]);
      return single(strict);
    },
  ],
  [
    'dh.check_public',
    (args) =>
      either(
        'D12 (spec §12): the 2^1984 safety margin of R4.3 is recommended, not required',
        (['recommended', 'required'] as const).map((range) => () => {
          const p = bytes(args, 'p', { length: DH });
          return checkDhPublic(p, bytes(args, 'value'), { range }).ok ? ok() : fail('bad_public');
        }),
      ),
  ],
  [
    'dh.public',
    (args) =>
      single(() => {
        const p = bytes(args, 'p', { length: DH });
        const g = integer(args, 'g');
        const secret = bytes(args, 'secret', { length: DH });
        return ok({ public: toHex(computeDhPublic(p, g, secret)) });
      }),
  ],
  [
    'dh.key',
    (args) =>
      single(() => {
        const p = bytes(args, 'p', { length: DH });
        const peer = bytes(args, 'public');
        const secret = bytes(args, 'secret', { length: DH });
        const { key, fingerprint } = computeDhKey(p, peer, secret);
        return ok({ key: toHex(key), fingerprint: toHex(fingerprint) });
      }),
  ],
  [
    'key.fingerprint',
    (args) =>
      single(() => ok({ fingerprint: toHex(computeKeyFingerprint(bytes(args, 'key', { length: KEY }))) })),
  ],
  [
    'key.visual',
    (args) =>
      single(() => {
        const key = bytes(args, 'key', { length: KEY });
        const key46 = optionalBytes(args, 'key46', { length: KEY });
        return ok({ key_hash: toHex(computeKeyHash(key, key46 ?? key)) });
      }),
  ],
  [
    'key.picture',
    (args) =>
      single(() => {
        // R8.2: 36 bytes, or the legacy 16; PROTOCOL.md §5 makes any other length bad_input.
        const keyHash = bytes(args, 'key_hash');
        if (keyHash.length !== KEY_HASH_LENGTH && keyHash.length !== LEGACY_KEY_HASH_LENGTH) throw badInput();
        const grid = keyHashGrid(keyHash);
        return ok({
          side: grid.length,
          rows: grid.map((row) => row.join('')),
          palette: KEY_VISUAL_PALETTE.map((colour) => colour.slice(1)),
        });
      }),
  ],
  [
    'key.emoji',
    (args) =>
      single(() => {
        // R8.3: a 256-byte call key and the caller's g_a of 1..256 bytes, hashed as given.
        const key = bytes(args, 'key', { length: KEY });
        const gA = bytes(args, 'g_a');
        if (gA.length < 1 || gA.length > KEY) throw badInput();
        return ok({ indices: callEmojiIndices(key, gA) });
      }),
  ],
  ['tl.encode', tlEncode(secretTlSchema)],
  [
    'tl.decode',
    // D5 (spec §12): whether the body must consume exactly L bytes; a decoder that ignores
    // trailing bytes (Android) gives the object it read.
    (args) =>
      either('D5 (spec §12): bytes after the top-level TL object', [
        () => tlDecodeOutcome(args, secretTlSchema, false),
        () => tlDecodeOutcome(args, secretTlSchema, true),
      ]),
  ],
  // R4.8: the server API objects, a schema apart; D5 is about the secret payload, so no leniency.
  ['api.encode', tlEncode(apiTlSchema)],
  ['api.decode', (args) => single(() => tlDecodeOutcome(args, apiTlSchema, false))],
]);

/** Every op the fuzzer knows, in the fixed order the generators use (replays depend on it). */
export const STATELESS_OPS: readonly string[] = [...ORACLE.keys()];

/** Equal answers: the same error code, or success with the same fields (hex case-insensitive). */
export function sameOutcome(expected: Outcome, actual: Outcome): boolean {
  if (!expected.ok || !actual.ok) return !expected.ok && !actual.ok && expected.error === actual.error;
  return differingField(expected, actual) === undefined;
}

/** The first result field of `expected` that `actual` (a success) lacks or has with another value. */
export function differingField(
  expected: Outcome & { ok: true },
  actual: Outcome & { ok: true },
): string | undefined {
  for (const [name, want] of Object.entries(expected.results)) {
    const got = actual.results[name];
    if (typeof want === 'string' && typeof got === 'string' && HEX.test(want) && HEX.test(got)) {
      if (want.toLowerCase() !== got.toLowerCase()) return name;
    } else if (!isDeepStrictEqual(want, got)) return name;
  }
  return undefined;
}
