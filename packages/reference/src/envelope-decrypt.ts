// The receiver's side of the E2E envelope, with the checks in the order of R3.7:
//   1. structure: at least the 24-byte header; ciphertext a positive multiple of 16
//   2. key selection by the fingerprint D[0:8] (current key or the other slot, R5.9)
//   3. decrypt the whole ciphertext
//   4. msg_key over the WHOLE decrypted buffer, compared in constant time (R3.9)
//   5. only then the length field: L % 4 == 0, L <= len(P) - 4, padding 12..1024
// Every failure is one value, `{ ok: false }`: R3.8 requires failures up to the msg_key check to
// look the same as a failed msg_key check, so callers must not vary their response on `reason`.
// `reason` exists for diagnostics and tests only. Structural failures found in step 1 are held
// until the msg_key work is done, so a malformed message costs the same work as a forged one.
import { assertBytes, assertOneOf } from './_assert.js';
import { readUint32LE } from './_bytes.js';
import { equalBytesConstantTime } from './constant-time.js';
import { igeDecrypt } from './ige.js';
import { deriveMessageKeys } from './kdf.js';
import { computeKeyFingerprint, KEY_LENGTH } from './key-fingerprint.js';
import { computeMsgKey, MSG_KEY_LENGTH } from './msg-key.js';
import { LENGTH_PREFIX, PADDING_MAX, PADDING_MIN } from './padding.js';
import type { Role } from './role.js';

const FINGERPRINT_LENGTH = 8;
const HEADER_LENGTH = FINGERPRINT_LENGTH + MSG_KEY_LENGTH; // R3.1: 24

/** Why a message was rejected, in the order the checks run (R3.7). Never shown to the peer. */
export type EnvelopeRejectReason =
  | 'too_short' // step 1: under 24 bytes, or no whole block of ciphertext
  | 'not_block_aligned' // step 1: ciphertext not a multiple of 16 (D4)
  | 'unknown_fingerprint' // step 2: no key with this fingerprint
  | 'msg_key_mismatch' // step 4
  | 'length_not_mod4' // step 5a (D3)
  | 'length_too_big' // step 5b
  | 'padding_too_short' // step 5c: fewer than 12 bytes
  | 'padding_too_long'; // step 5c: more than 1024 bytes

/**
 * Where real clients differ on the envelope (spec §12), the strict documented behaviour is the
 * default; the other choices reproduce a named client so divergences can be tested as such.
 */
export interface EnvelopePolicy {
  /** D3: `reject` a length field that is not a multiple of 4 (docs for cloud chats, TDLib) or `allow` it (Android). */
  readonly lengthMod4: 'reject' | 'allow';
  /**
   * D4, R3.10: `reject` a ciphertext that is not a whole number of blocks, or `ignore` the 1..15
   * trailing bytes for decryption and msg_key while still counting them as padding (TDLib).
   */
  readonly raggedTail: 'reject' | 'ignore';
}

export const STRICT_ENVELOPE_POLICY: EnvelopePolicy = { lengthMod4: 'reject', raggedTail: 'reject' };
export const TDLIB_ENVELOPE_POLICY: EnvelopePolicy = { lengthMod4: 'reject', raggedTail: 'ignore' };
export const ANDROID_ENVELOPE_POLICY: EnvelopePolicy = { lengthMod4: 'allow', raggedTail: 'reject' };

export type DecryptEnvelopeResult =
  | {
      readonly ok: true;
      /** The TL body, `P[4 : 4+L]`: a serialized decryptedMessageLayer if the sender conforms. */
      readonly message: Uint8Array;
      readonly padding: Uint8Array;
      /** Index into `keys` of the key whose fingerprint matched (R5.9). */
      readonly keyIndex: number;
      readonly msgKey: Uint8Array;
    }
  | { readonly ok: false; readonly reason: EnvelopeRejectReason };

/**
 * Decrypts wire bytes `data` sent by `sender`, trying each of `keys` (one or two 256-byte keys,
 * R5.9) by fingerprint. Never throws on the content of `data`; throws only on caller misuse.
 */
export function decryptEnvelope(
  keys: Uint8Array | readonly Uint8Array[],
  sender: Role,
  data: Uint8Array,
  policy: EnvelopePolicy = STRICT_ENVELOPE_POLICY,
): DecryptEnvelopeResult {
  const keyList = keys instanceof Uint8Array ? [keys] : keys;
  if (!Array.isArray(keyList) || keyList.length === 0) {
    throw new TypeError('"keys" expected a Uint8Array or a non-empty array of them');
  }
  keyList.forEach((k, i) => assertBytes(`keys[${i}]`, k, KEY_LENGTH));
  assertBytes('data', data);
  assertOneOf('policy.lengthMod4', policy.lengthMod4, ['reject', 'allow']);
  assertOneOf('policy.raggedTail', policy.raggedTail, ['reject', 'ignore']);

  // Step 1: structure. Without a full header there is nothing to check against.
  if (data.length < HEADER_LENGTH) return reject('too_short');
  const tailLength = data.length - HEADER_LENGTH;
  const raggedBytes = tailLength % 16;
  let structural: EnvelopeRejectReason | undefined;
  if (tailLength < 16) structural = 'too_short';
  else if (raggedBytes !== 0 && policy.raggedTail === 'reject') structural = 'not_block_aligned';

  // Step 2: key selection by fingerprint (public values; no need for constant time).
  const fingerprint = data.subarray(0, FINGERPRINT_LENGTH);
  const keyIndex = keyList.findIndex((k) => equalBytesConstantTime(computeKeyFingerprint(k), fingerprint));
  if (keyIndex < 0) return reject('unknown_fingerprint');
  const key = keyList[keyIndex]!;

  // Step 3: decrypt every whole block (R3.10: a ragged tail is left out of decryption and msg_key).
  const msgKey = data.slice(FINGERPRINT_LENGTH, HEADER_LENGTH);
  const ciphertext = data.subarray(HEADER_LENGTH, HEADER_LENGTH + tailLength - raggedBytes);
  const { aesKey, aesIv } = deriveMessageKeys(key, sender, msgKey);
  const plaintext = igeDecrypt(aesKey, aesIv, ciphertext);

  // Step 4: msg_key over the entire buffer, independent of the length field, in constant time.
  const msgKeyMatches = equalBytesConstantTime(computeMsgKey(key, sender, plaintext), msgKey);
  if (structural !== undefined) return reject(structural); // R3.8: only after the msg_key work
  if (!msgKeyMatches) return reject('msg_key_mismatch');

  // Step 5: the length field, trusted only now.
  const length = readUint32LE(plaintext, 0);
  if (policy.lengthMod4 === 'reject' && length % 4 !== 0) return reject('length_not_mod4');
  if (length > plaintext.length - LENGTH_PREFIX) return reject('length_too_big');
  // R3.10: under the TDLib policy the ignored tail bytes still count as padding.
  const paddingLength = tailLength - LENGTH_PREFIX - length;
  if (paddingLength < PADDING_MIN) return reject('padding_too_short');
  if (paddingLength > PADDING_MAX) return reject('padding_too_long');

  return {
    ok: true,
    message: plaintext.slice(LENGTH_PREFIX, LENGTH_PREFIX + length),
    padding: plaintext.slice(LENGTH_PREFIX + length),
    keyIndex,
    msgKey,
  };
}

function reject(reason: EnvelopeRejectReason): DecryptEnvelopeResult {
  return { ok: false, reason };
}
