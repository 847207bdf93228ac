// msg_key of MTProto 2.0 (R2.1) on OpenSSL's SHA-256 (node:crypto):
//   msg_key = SHA256(substr(key, 88 + x, 32) ‖ plaintext)[8:24]
// over the whole padded plaintext (R2.4), x the sender's key offset (R2.3).
import { createHash } from 'node:crypto';

/** msg_key (16 B) of `plaintext` sent with key offset `x` under the chat `key` (256 B, checked by the caller). */
export function computeMsgKey(key: Uint8Array, x: 0 | 8, plaintext: Uint8Array): Uint8Array {
  const large = createHash('sha256')
    .update(key.subarray(88 + x, 120 + x))
    .update(plaintext)
    .digest();
  return large.subarray(8, 24);
}
