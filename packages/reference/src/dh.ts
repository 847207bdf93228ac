// The DH computations of the handshake (R4.5, R4.7): g_a = g^a mod p, key = (g_b)^a mod p, the key
// encoded as exactly 256 big-endian bytes, left-padded with zeros, and its fingerprint.
//
// These functions compute; they do not validate. Call checkDhParams (R4.2) on (p, g) and
// checkDhPublic (R4.3) on every public value first: protocol rejections are their values. What is
// thrown here is caller misuse only.
import { assertBytes, assertInteger } from './_assert.js';
import { bigIntToBytes, bytesToBigInt, modPow } from './_bigint.js';
import { DH_PRIME_LENGTH } from './dh-params.js';
import { computeKeyFingerprint, KEY_LENGTH } from './key-fingerprint.js';

/** Byte length of a DH secret exponent (R4.5: a random 2048-bit number). */
export const DH_SECRET_LENGTH = 256;

/** The shared key and its fingerprint (R4.7). */
export interface DhKey {
  /** 256 bytes, big-endian, left-padded with zeros. */
  key: Uint8Array;
  /** The 8 wire bytes SHA1(key)[12:20]. */
  fingerprint: Uint8Array;
}

/**
 * R4.5: g^secret mod p as 256 big-endian bytes (left-padded, R4.7's encoding). `g` is not
 * re-checked against R4.2 here (a harness may compute with any generator), but it must satisfy
 * 1 < g and fit a TL int; `secret` must be 256 bytes with value ≥ 2 — a secret of 0 or 1 would
 * make the public value 1 or g, which no caller wants silently.
 */
export function computeDhPublic(p: Uint8Array, g: number, secret: Uint8Array): Uint8Array {
  assertBytes('p', p, DH_PRIME_LENGTH);
  assertInteger('g', g, 2, 0x7fffffff);
  const exponent = secretValue(secret);
  return bigIntToBytes(modPow(BigInt(g), exponent, bytesToBigInt(p)), KEY_LENGTH);
}

/**
 * R4.7: key = peerPublic^secret mod p, 256 bytes big-endian left-padded, with its fingerprint.
 * `peerPublic` is big-endian bytes of any length; a value outside [2, p − 2] is misuse (R4.3 is
 * the caller's check and would have rejected it) and throws RangeError.
 */
export function computeDhKey(p: Uint8Array, peerPublic: Uint8Array, secret: Uint8Array): DhKey {
  assertBytes('p', p, DH_PRIME_LENGTH);
  assertBytes('peerPublic', peerPublic);
  const exponent = secretValue(secret);
  const n = bytesToBigInt(p);
  const peer = bytesToBigInt(peerPublic);
  if (peer <= 1n || peer >= n - 1n) {
    throw new RangeError(
      '"peerPublic" expected a value in [2, p − 2]; check it with checkDhPublic (R4.3) first',
    );
  }
  // R4.7: the key is always 256 bytes; a numerically shorter key is left-padded, never trimmed.
  const key = bigIntToBytes(modPow(peer, exponent, n), KEY_LENGTH);
  return { key, fingerprint: computeKeyFingerprint(key) };
}

function secretValue(secret: Uint8Array): bigint {
  assertBytes('secret', secret, DH_SECRET_LENGTH);
  const value = bytesToBigInt(secret);
  if (value < 2n) throw new RangeError(`"secret" expected a value ≥ 2, got ${value}`);
  return value;
}
