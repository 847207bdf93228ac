// Padding of the E2E plaintext (R3.4): 12..1024 random bytes, chosen so that
// len(le32 length + TL body + padding) is a multiple of 16. The padding is covered by msg_key (R2.4).
import { assertBytes, assertInteger } from './_assert.js';
import type { Rng } from './rng.js';

export const PADDING_MIN = 12;
export const PADDING_MAX = 1024;
/** The 4-byte little-endian length prefix in front of the TL body (R3.2). */
export const LENGTH_PREFIX = 4;

/** The padding lengths R3.4 allows for a TL body of `messageLength` bytes, smallest first. */
export function allowedPaddingLengths(messageLength: number): number[] {
  assertInteger('messageLength', messageLength, 0, 0xffffffff);
  const unpadded = LENGTH_PREFIX + messageLength;
  const smallest = PADDING_MIN + ((16 - ((unpadded + PADDING_MIN) % 16)) % 16); // 12..27
  const lengths: number[] = [];
  for (let n = smallest; n <= PADDING_MAX; n += 16) lengths.push(n);
  return lengths;
}

/** True iff `paddingLength` is allowed for a TL body of `messageLength` bytes (R3.4). */
export function isAllowedPadding(messageLength: number, paddingLength: number): boolean {
  return (
    paddingLength >= PADDING_MIN &&
    paddingLength <= PADDING_MAX &&
    (LENGTH_PREFIX + messageLength + paddingLength) % 16 === 0
  );
}

/**
 * Draws padding for a TL body of `messageLength` bytes: a length uniform over every length R3.4
 * allows (12..1024 in steps of 16 from the smallest aligned one), filled with random bytes.
 * Telegram's clients use narrower strategies (TDLib's size buckets, Android's 32..79 bytes); any
 * length in the range conforms, and drawing from all of them exercises receivers' checks.
 */
export function drawPadding(messageLength: number, rng: Rng): Uint8Array {
  const lengths = allowedPaddingLengths(messageLength);
  const length = lengths[uniformIndex(lengths.length, rng)]!;
  const padding = rng(length);
  assertBytes('rng(length)', padding, length);
  return padding.slice();
}

/** An index in [0, count) without modulo bias, by rejection sampling on 16-bit draws. */
function uniformIndex(count: number, rng: Rng): number {
  const limit = 0x10000 - (0x10000 % count);
  for (;;) {
    const b = rng(2);
    assertBytes('rng(2)', b, 2);
    const v = b[0]! | (b[1]! << 8);
    if (v < limit) return v % count;
  }
}
