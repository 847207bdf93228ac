// msg_key of MTProto 2.0 (R2.1): the middle 128 bits of
//   SHA256( substr(key, 88 + x, 32) + plaintext )
// where plaintext is the WHOLE padded plaintext, padding included (R2.4, R3.2), and x is the
// sender's key offset (R2.3: 0 from the creator, 8 from the participant).
import { sha256 } from '@noble/hashes/sha2.js';
import { assertBytes } from './_assert.js';
import { KEY_LENGTH } from './key-fingerprint.js';
import { keyOffsetForSender, type Role } from './role.js';

export const MSG_KEY_LENGTH = 16;

/** msg_key (16 B) of `plaintext` (length prefix, TL body and padding) sent by `sender` under `key` (256 B). */
export function computeMsgKey(key: Uint8Array, sender: Role, plaintext: Uint8Array): Uint8Array {
  assertBytes('key', key, KEY_LENGTH);
  assertBytes('plaintext', plaintext);
  const x = keyOffsetForSender(sender);
  // R2.1: msg_key_large = SHA256(substr(key, 88+x, 32) + plaintext); msg_key = msg_key_large[8:24].
  const large = sha256
    .create()
    .update(key.subarray(88 + x, 88 + x + 32))
    .update(plaintext)
    .digest();
  return large.slice(8, 24);
}
