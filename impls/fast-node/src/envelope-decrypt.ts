// The receiver's side of the E2E envelope on the fast primitives, with the checks, their order and
// their outcomes exactly those of @conform/reference's decryptEnvelope under its strict policy
// (test/envelope.test.ts compares the two, reason for reason):
//   1. structure: at least the 24-byte header (else reject at once); a ciphertext that is not a
//      positive multiple of 16 is noted, and rejected only after step 4 (R3.7, R3.8, D4)
//   2. the key by its fingerprint D[0:8] (public: no constant time needed)
//   3. decrypt every whole block
//   4. msg_key over the WHOLE decrypted buffer, compared in constant time (R3.7 step 4, R3.9)
//   5. only then the length field: L % 4 == 0 (D3), L ≤ len(P) − 4, padding 12..1024 (R3.4)
// Every refusal is one value; the adapter answers `rejected` for all of them (R3.8), and `reason`
// is for the detail only.
import { timingSafeEqual } from 'node:crypto';
import { LENGTH_PREFIX, PADDING_MAX, PADDING_MIN, type EnvelopeRejectReason } from '@conform/reference';
import { igeDecrypt } from './ige.js';
import { deriveMessageKeys } from './kdf.js';
import { computeKeyFingerprint } from './key-fingerprint.js';
import { computeMsgKey } from './msg-key.js';

const HEADER = 24; // fingerprint (8) ‖ msg_key (16), R3.1

export type DecryptResult =
  | { readonly ok: true; readonly message: Uint8Array }
  | { readonly ok: false; readonly reason: EnvelopeRejectReason };

const reject = (reason: EnvelopeRejectReason): DecryptResult => ({ ok: false, reason });

/** Opens wire bytes `data` sent with key offset `x` under the chat `key` (256 B). Never throws on `data`. */
export function decryptEnvelope(key: Uint8Array, x: 0 | 8, data: Uint8Array): DecryptResult {
  // Step 1: without a full header there is nothing to check against.
  if (data.length < HEADER) return reject('too_short');
  const tailLength = data.length - HEADER;
  const raggedBytes = tailLength % 16;
  let structural: EnvelopeRejectReason | undefined;
  if (tailLength < 16) structural = 'too_short';
  else if (raggedBytes !== 0) structural = 'not_block_aligned';

  // Step 2: the fingerprint (constant time anyway, as the reference does).
  if (!timingSafeEqual(computeKeyFingerprint(key), data.subarray(0, 8))) return reject('unknown_fingerprint');

  // Step 3: every whole block (a malformed message costs the same work as a forged one, R3.8).
  const msgKey = data.subarray(8, HEADER);
  const { aesKey, aesIv } = deriveMessageKeys(key, x, msgKey);
  const plaintext = igeDecrypt(aesKey, aesIv, data.subarray(HEADER, data.length - raggedBytes));

  // Step 4: msg_key over the entire buffer, independent of the length field, in constant time.
  const msgKeyMatches = timingSafeEqual(computeMsgKey(key, x, plaintext), msgKey);
  if (structural !== undefined) return reject(structural); // R3.8: only after the msg_key work
  if (!msgKeyMatches) return reject('msg_key_mismatch');

  // Step 5: the length field, trusted only now.
  const length = new DataView(plaintext.buffer, plaintext.byteOffset, plaintext.length).getUint32(0, true);
  if (length % 4 !== 0) return reject('length_not_mod4');
  if (length > plaintext.length - LENGTH_PREFIX) return reject('length_too_big');
  const paddingLength = tailLength - LENGTH_PREFIX - length;
  if (paddingLength < PADDING_MIN) return reject('padding_too_short');
  if (paddingLength > PADDING_MAX) return reject('padding_too_long');
  return { ok: true, message: plaintext.slice(LENGTH_PREFIX, LENGTH_PREFIX + length) };
}
