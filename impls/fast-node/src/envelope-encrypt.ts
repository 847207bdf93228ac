// The sender's side of the E2E envelope (R3.6, wire layout R3.1) on the fast primitives:
//   plaintext = le32(len(message)) ‖ message ‖ padding         (R3.2, padding per R3.4)
//   wire      = SHA1(key)[12:20] ‖ msg_key ‖ AES-256-IGE(aes_key, aes_iv, plaintext)
// The same computation as @conform/reference's encryptEnvelope, with its argument rules.
import { randomBytes } from 'node:crypto';
import { drawPadding, isAllowedPadding, LENGTH_PREFIX, PADDING_MAX, PADDING_MIN } from '@conform/reference';
import { igeEncrypt } from './ige.js';
import { deriveMessageKeys } from './kdf.js';
import { computeKeyFingerprint } from './key-fingerprint.js';
import { computeMsgKey } from './msg-key.js';

/** The implementation's own padding (R3.4) when none is given. */
const rng = (length: number): Uint8Array => randomBytes(length);

/**
 * Encrypts the TL bytes `message` (4·k B) from the sender with key offset `x` under the chat `key`
 * (256 B) into wire bytes. `padding` is used as given (RangeError unless R3.4 allows it), or drawn
 * at random when undefined.
 */
export function encryptEnvelope(
  key: Uint8Array,
  x: 0 | 8,
  message: Uint8Array,
  padding: Uint8Array | undefined,
): Uint8Array {
  if (message.length % 4 !== 0) {
    throw new RangeError(
      `"message" expected Uint8Array of a multiple of 4 bytes, got length=${message.length}`,
    );
  }
  if (padding === undefined) {
    padding = drawPadding(message.length, rng);
  } else if (!isAllowedPadding(message.length, padding.length)) {
    throw new RangeError(
      `"padding" expected ${PADDING_MIN}..${PADDING_MAX} bytes making the plaintext a multiple of 16, got length=${padding.length}`,
    );
  }
  // R3.2: one buffer for the plaintext, the length prefix little-endian.
  const plaintext = new Uint8Array(LENGTH_PREFIX + message.length + padding.length);
  new DataView(plaintext.buffer).setUint32(0, message.length, true);
  plaintext.set(message, LENGTH_PREFIX);
  plaintext.set(padding, LENGTH_PREFIX + message.length);

  const msgKey = computeMsgKey(key, x, plaintext); // R2.1, over the padding too (R2.4)
  const { aesKey, aesIv } = deriveMessageKeys(key, x, msgKey);
  const ciphertext = igeEncrypt(aesKey, aesIv, plaintext);
  const wire = new Uint8Array(24 + ciphertext.length); // R3.1
  wire.set(computeKeyFingerprint(key), 0);
  wire.set(msgKey, 8);
  wire.set(ciphertext, 24);
  return wire;
}
