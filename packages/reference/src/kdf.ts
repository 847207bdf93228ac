// The MTProto 2.0 key derivation (R2.1): from the chat key, msg_key and the sender's x, the AES-256
// key and the 32-byte IGE IV for one message. Only bytes [x, x+36), [40+x, 76+x) of the key are
// used here (R2.2); bytes 128..255 never enter message encryption.
import { sha256 } from '@noble/hashes/sha2.js';
import { assertBytes } from './_assert.js';
import { concatBytes } from './_bytes.js';
import { KEY_LENGTH } from './key-fingerprint.js';
import { MSG_KEY_LENGTH } from './msg-key.js';
import { keyOffsetForSender, type Role } from './role.js';

export interface MessageKeys {
  /** AES-256 key, 32 bytes. */
  readonly aesKey: Uint8Array;
  /** IGE IV, 32 bytes (R1.2 layout). */
  readonly aesIv: Uint8Array;
}

/** aes_key and aes_iv for a message with `msgKey` sent by `sender` under `key` (R2.1). */
export function deriveMessageKeys(key: Uint8Array, sender: Role, msgKey: Uint8Array): MessageKeys {
  assertBytes('key', key, KEY_LENGTH);
  assertBytes('msgKey', msgKey, MSG_KEY_LENGTH);
  const x = keyOffsetForSender(sender);
  // R2.1: sha256_a = SHA256(msg_key + substr(key, x, 36))
  const a = sha256(concatBytes(msgKey, key.subarray(x, x + 36)));
  //       sha256_b = SHA256(substr(key, 40+x, 36) + msg_key)
  const b = sha256(concatBytes(key.subarray(40 + x, 40 + x + 36), msgKey));
  return {
    // aes_key = substr(a, 0, 8) + substr(b, 8, 16) + substr(a, 24, 8)
    aesKey: concatBytes(a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)),
    // aes_iv  = substr(b, 0, 8) + substr(a, 8, 16) + substr(b, 24, 8)
    aesIv: concatBytes(b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)),
  };
}
