// The sender's side of the E2E envelope (R3.6, wire layout R3.1):
//   plaintext = le32(len(tl)) + tl + padding                  (R3.2, padding per R3.4)
//   wire      = SHA1(key)[12:20] + msg_key + AES-256-IGE(aes_key, aes_iv, plaintext)
// with msg_key, aes_key and aes_iv derived for the sender's x (R2.1, R2.3).
import { assertBytes, assertBytesMultiple } from './_assert.js';
import { concatBytes, uint32LE } from './_bytes.js';
import { igeEncrypt } from './ige.js';
import { deriveMessageKeys } from './kdf.js';
import { computeKeyFingerprint, KEY_LENGTH } from './key-fingerprint.js';
import { computeMsgKey } from './msg-key.js';
import { drawPadding, isAllowedPadding, PADDING_MAX, PADDING_MIN } from './padding.js';
import type { Role } from './role.js';
import type { Rng } from './rng.js';

/** Either the exact padding to use, or a random source to draw it from (R3.4). */
export type PaddingSource = { readonly padding: Uint8Array } | { readonly rng: Rng };

/**
 * Encrypts one TL-serialized `decryptedMessageLayer` (`message`) from `sender` under the chat
 * `key` and returns the wire bytes: fingerprint (8) ‖ msg_key (16) ‖ ciphertext (16·k).
 * Throws RangeError if the given padding breaks R3.4 or `message` is not whole TL words.
 */
export function encryptEnvelope(
  key: Uint8Array,
  sender: Role,
  message: Uint8Array,
  source: PaddingSource,
): Uint8Array {
  assertBytes('key', key, KEY_LENGTH);
  assertBytesMultiple('message', message, 4); // TL serializations are whole 32-bit words (R7.1)
  let padding: Uint8Array;
  if ('padding' in source) {
    assertBytes('padding', source.padding);
    padding = source.padding;
    if (!isAllowedPadding(message.length, padding.length)) {
      throw new RangeError(
        `"padding" expected ${PADDING_MIN}..${PADDING_MAX} bytes making the plaintext a multiple of 16, got length=${padding.length}`,
      );
    }
  } else {
    padding = drawPadding(message.length, source.rng);
  }
  const plaintext = concatBytes(uint32LE(message.length), message, padding); // R3.2
  return sealPlaintext(key, sender, plaintext);
}

/**
 * Wraps an already framed plaintext (any whole number of blocks) into wire bytes, with a correct
 * fingerprint and msg_key but WITHOUT checking the framing (length prefix, padding range).
 * It exists to build messages that are authentic yet malformed inside, which receivers must still
 * reject (R3.7 step 5): negative vectors, tests and fuzzing. Conforming senders use encryptEnvelope.
 */
export function sealPlaintext(key: Uint8Array, sender: Role, plaintext: Uint8Array): Uint8Array {
  assertBytes('key', key, KEY_LENGTH);
  assertBytesMultiple('plaintext', plaintext, 16);
  const msgKey = computeMsgKey(key, sender, plaintext); // R2.1, over the padding too (R2.4)
  const { aesKey, aesIv } = deriveMessageKeys(key, sender, msgKey);
  return concatBytes(computeKeyFingerprint(key), msgKey, igeEncrypt(aesKey, aesIv, plaintext)); // R3.1
}
