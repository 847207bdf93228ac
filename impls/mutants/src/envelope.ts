// The E2E envelope (R2, R3) re-assembled from the reference's primitives with every step a knob, so
// that a mutant can change exactly one of them. With DEFAULT_KNOBS it behaves as the reference's
// encryptEnvelope/decryptEnvelope under the strict policy (the `control` mutant checks that).
import { createHash } from 'node:crypto';
import {
  computeKeyFingerprint,
  deriveMessageKeys,
  equalBytesConstantTime,
  igeDecrypt,
  igeEncrypt,
  senderForKeyOffset,
  type MessageKeys,
} from '@conform/reference';

export type KeyOffset = 0 | 8;

export interface Knobs {
  /** msg_key of a plaintext (R2.1). */
  readonly msgKey: (key: Uint8Array, x: KeyOffset, plaintext: Uint8Array) => Uint8Array;
  /** aes_key and aes_iv (R2.1). */
  readonly kdf: (key: Uint8Array, x: KeyOffset, msgKey: Uint8Array) => MessageKeys;
  /** key_fingerprint (R4.7). */
  readonly fingerprint: (key: Uint8Array) => Uint8Array;
  /** Smallest padding decrypt accepts and encrypt produces (R3.4, R3.7 5c). */
  readonly paddingMin: number;
  /** Largest padding decrypt accepts (R3.7 5c). */
  readonly paddingMax: number;
  /** R3.7 5a: reject L % 4 != 0. */
  readonly checkLengthMod4: boolean;
  /** R3.7 5b: reject L > len − 4 (when false, the body is cut at the end of the data). */
  readonly checkLengthBound: boolean;
  /** R3.7 step 2: look the key up by fingerprint. */
  readonly checkFingerprint: boolean;
  /** The error code of a msg_key mismatch (R3.8: `rejected`, like every other reason). */
  readonly msgKeyMismatchCode: string;
  /** Checks the length field before comparing msg_key (a timing leak, R3.8). */
  readonly lengthBeforeMsgKey: boolean;
}

const sha256 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

export const readUint32LE = (b: Uint8Array, at: number): number =>
  (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;

export function referenceMsgKey(key: Uint8Array, x: KeyOffset, plaintext: Uint8Array): Uint8Array {
  return sha256(key.subarray(88 + x, 120 + x), plaintext).slice(8, 24);
}

export function referenceKdf(key: Uint8Array, x: KeyOffset, msgKey: Uint8Array): MessageKeys {
  return deriveMessageKeys(key, senderForKeyOffset(x), msgKey);
}

/** The KDF of R2.1 written out, with sha256_a and sha256_b optionally swapped. */
export function kdfWith(swap: boolean) {
  return (key: Uint8Array, x: KeyOffset, msgKey: Uint8Array): MessageKeys => {
    let a = sha256(msgKey, key.subarray(x, x + 36));
    let b = sha256(key.subarray(40 + x, 76 + x), msgKey);
    if (swap) [a, b] = [b, a];
    const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
    return {
      aesKey: cat(a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)),
      aesIv: cat(b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)),
    };
  };
}

export const DEFAULT_KNOBS: Knobs = {
  msgKey: referenceMsgKey,
  kdf: referenceKdf,
  fingerprint: computeKeyFingerprint,
  paddingMin: 12,
  paddingMax: 1024,
  checkLengthMod4: true,
  checkLengthBound: true,
  checkFingerprint: true,
  msgKeyMismatchCode: 'rejected',
  lengthBeforeMsgKey: false,
};

export type DecryptResult = { ok: true; message: Uint8Array } | { ok: false; code: string; reason: string };

export function decrypt(k: Knobs, key: Uint8Array, x: KeyOffset, data: Uint8Array): DecryptResult {
  const reject = (reason: string, code = 'rejected'): DecryptResult => ({ ok: false, code, reason });
  if (data.length < 24) return reject('too_short');
  const tail = data.length - 24;
  const structural = tail < 16 ? 'too_short' : tail % 16 !== 0 ? 'not_block_aligned' : undefined;
  if (k.checkFingerprint && !equalBytesConstantTime(k.fingerprint(key), data.subarray(0, 8))) {
    return reject('unknown_fingerprint');
  }
  const msgKey = data.slice(8, 24);
  const ciphertext = data.subarray(24, 24 + tail - (tail % 16));
  const { aesKey, aesIv } = k.kdf(key, x, msgKey);
  const plaintext = igeDecrypt(aesKey, aesIv, ciphertext);
  const lengthCheck = (): string | undefined => {
    const length = readUint32LE(plaintext, 0);
    if (k.checkLengthMod4 && length % 4 !== 0) return 'length_not_mod4';
    if (k.checkLengthBound && length > plaintext.length - 4) return 'length_too_big';
    const padding = tail - 4 - length;
    if (k.checkLengthBound && padding < k.paddingMin) return 'padding_too_short';
    if (padding > k.paddingMax) return 'padding_too_long';
    return undefined;
  };
  if (k.lengthBeforeMsgKey && structural === undefined) {
    // The bug: an early exit on the length field, before any msg_key work — same verdicts, other timing.
    const early = lengthCheck();
    if (early !== undefined) return reject(early);
  }
  const matches = equalBytesConstantTime(k.msgKey(key, x, plaintext), msgKey);
  if (structural !== undefined) return reject(structural);
  if (!matches) return reject('msg_key_mismatch', k.msgKeyMismatchCode);
  const failed = lengthCheck();
  if (failed !== undefined) return reject(failed);
  const length = readUint32LE(plaintext, 0);
  return { ok: true, message: plaintext.slice(4, 4 + length) };
}

export function encrypt(
  k: Knobs,
  key: Uint8Array,
  x: KeyOffset,
  message: Uint8Array,
  padding: Uint8Array | undefined,
  rng: (n: number) => Uint8Array,
): Uint8Array {
  if (message.length % 4 !== 0) throw new RangeError('"message" expected a multiple of 4 bytes');
  let pad: Uint8Array;
  if (padding !== undefined) {
    const n = padding.length;
    if (n < k.paddingMin || n > k.paddingMax || (4 + message.length + n) % 16 !== 0) {
      throw new RangeError(`"padding" expected ${k.paddingMin}..${k.paddingMax} bytes, got ${n}`);
    }
    pad = padding;
  } else {
    const unpadded = 4 + message.length;
    const smallest = k.paddingMin + ((16 - ((unpadded + k.paddingMin) % 16)) % 16);
    pad = rng(smallest + 16 * (rng(1)[0]! % 4));
  }
  const plaintext = new Uint8Array(4 + message.length + pad.length);
  new DataView(plaintext.buffer).setUint32(0, message.length, true);
  plaintext.set(message, 4);
  plaintext.set(pad, 4 + message.length);
  const msgKey = k.msgKey(key, x, plaintext);
  const { aesKey, aesIv } = k.kdf(key, x, msgKey);
  const ciphertext = igeEncrypt(aesKey, aesIv, plaintext);
  const out = new Uint8Array(24 + ciphertext.length);
  out.set(k.fingerprint(key), 0);
  out.set(msgKey, 8);
  out.set(ciphertext, 24);
  return out;
}
