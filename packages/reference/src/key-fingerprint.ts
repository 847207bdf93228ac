// The chat key's fingerprint (R4.7): the last 8 bytes of SHA1(key). On the wire it is a TL long,
// little-endian, so its wire bytes are exactly SHA1(key)[12:20] (spec §0.1). SHA1 even in
// MTProto 2.0 (D-e2e note 1). It is a sanity check, not authentication.
import { sha1 } from '@noble/hashes/legacy.js';
import { assertBytes } from './_assert.js';

/** Length of a secret-chat key in bytes (R4.7: 2048 bits, big-endian, left-padded). */
export const KEY_LENGTH = 256;

/** The 8 wire bytes of the key fingerprint, SHA1(key)[12:20] (R4.7). */
export function computeKeyFingerprint(key: Uint8Array): Uint8Array {
  assertBytes('key', key, KEY_LENGTH);
  return sha1(key).slice(12, 20);
}
