// The chat key's fingerprint (R4.7), the 8 wire bytes SHA1(key)[12:20], on OpenSSL's SHA-1.
import { createHash } from 'node:crypto';

/** SHA1(key)[12:20] of a 256-byte chat key (checked by the caller). */
export function computeKeyFingerprint(key: Uint8Array): Uint8Array {
  return createHash('sha1').update(key).digest().subarray(12, 20);
}
