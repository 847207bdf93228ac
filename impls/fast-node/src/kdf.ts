// The MTProto 2.0 key derivation (R2.1) on OpenSSL's SHA-256 (node:crypto): aes_key and the IGE
// iv of one message from the chat key, msg_key and the sender's key offset x (R2.3).
import { createHash } from 'node:crypto';

export interface MessageKeys {
  /** AES-256 key, 32 bytes. */
  readonly aesKey: Uint8Array;
  /** IGE iv, 32 bytes (R1.2 layout). */
  readonly aesIv: Uint8Array;
}

/** aes_key and aes_iv for a message with `msgKey` (16 B) sent with offset `x` under `key` (256 B). */
export function deriveMessageKeys(key: Uint8Array, x: 0 | 8, msgKey: Uint8Array): MessageKeys {
  // sha256_a = SHA256(msg_key ‖ substr(key, x, 36)); sha256_b = SHA256(substr(key, 40 + x, 36) ‖ msg_key)
  const a = createHash('sha256')
    .update(msgKey)
    .update(key.subarray(x, x + 36))
    .digest();
  const b = createHash('sha256')
    .update(key.subarray(40 + x, 76 + x))
    .update(msgKey)
    .digest();
  const aesKey = new Uint8Array(32);
  const aesIv = new Uint8Array(32);
  // aes_key = a[0:8] ‖ b[8:24] ‖ a[24:32];  aes_iv = b[0:8] ‖ a[8:24] ‖ b[24:32]
  aesKey.set(a.subarray(0, 8), 0);
  aesKey.set(b.subarray(8, 24), 8);
  aesKey.set(a.subarray(24, 32), 24);
  aesIv.set(b.subarray(0, 8), 0);
  aesIv.set(a.subarray(8, 24), 8);
  aesIv.set(b.subarray(24, 32), 24);
  return { aesKey, aesIv };
}
