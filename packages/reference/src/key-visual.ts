// Key visualization (R8.1, R8.2): the key_hash both users compare, and its grid of colours.
// Unrelated to the key fingerprint (R4.7). Secret chats show this grid, not emoji (R8.3).
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { assertBytes } from './_assert.js';
import { concatBytes } from './_bytes.js';
import { KEY_LENGTH } from './key-fingerprint.js';

/** R8.2: colours for palette indices 0..3 (TDLib / Android). */
export const KEY_VISUAL_PALETTE = ['#ffffff', '#d5e6f3', '#2d5775', '#2f99c9'] as const;

/** An index into {@link KEY_VISUAL_PALETTE}. */
export type KeyVisualColor = 0 | 1 | 2 | 3;

/** Rows of palette indices, top to bottom, each row left to right. */
export type KeyVisualGrid = KeyVisualColor[][];

/** Length of the key_hash for chats at layer ≥ 46 (R8.1). */
export const KEY_HASH_LENGTH = 36;
/** Length of the legacy (pre-layer-46) key_hash: SHA1(K0)[0:16] alone (R8.1, R8.2). */
export const LEGACY_KEY_HASH_LENGTH = 16;

/**
 * R8.1: key_hash = SHA1(K0)[0:16] + SHA256(K46)[0:20], where K0 is the initial key and K46 the key
 * in use when the chat reached layer 46 — the initial key itself for chats created at layer ≥ 46,
 * hence the default.
 */
export function computeKeyHash(initialKey: Uint8Array, keyAtLayer46: Uint8Array = initialKey): Uint8Array {
  assertBytes('initialKey', initialKey, KEY_LENGTH);
  assertBytes('keyAtLayer46', keyAtLayer46, KEY_LENGTH);
  return concatBytes(sha1(initialKey).subarray(0, 16), sha256(keyAtLayer46).subarray(0, 20));
}

/**
 * R8.2: 36 bytes → 12×12 grid, 16 legacy bytes → 8×8. Pixel k (row-major) is
 * (keyHash[k / 4] >> (2 · (k % 4))) & 3: 2-bit groups taken from the least significant bits first
 * (Android IdenticonDrawable.getBits; bit order is Q13 in the spec).
 */
export function keyHashGrid(keyHash: Uint8Array): KeyVisualGrid {
  assertBytes('keyHash', keyHash, KEY_HASH_LENGTH, LEGACY_KEY_HASH_LENGTH);
  const side = keyHash.length === KEY_HASH_LENGTH ? 12 : 8;
  const grid: KeyVisualGrid = [];
  for (let row = 0; row < side; row++) {
    const cells: KeyVisualColor[] = [];
    for (let col = 0; col < side; col++) {
      const k = row * side + col;
      cells.push(((keyHash[k >> 2]! >> (2 * (k & 3))) & 3) as KeyVisualColor);
    }
    grid.push(cells);
  }
  return grid;
}

/** R8.3: the number of emoticons a call's emoji fingerprint indexes (D-calls; TDLib's table). */
export const CALL_EMOJI_COUNT = 333;

/**
 * R8.3: the emoji fingerprint of a *call* — secret chats show {@link keyHashGrid}, never emoji.
 * SHA256(key + g_a of the caller) is read as four 64-bit big-endian integers; each, with its top bit
 * cleared, is reduced modulo {@link CALL_EMOJI_COUNT} (TDLib `get_emoji_fingerprints`). Returns the
 * four indices into the emoticon table; `gA` is hashed as given, in its wire length.
 */
export function callEmojiIndices(key: Uint8Array, gA: Uint8Array): [number, number, number, number] {
  assertBytes('key', key, KEY_LENGTH);
  if (!(gA instanceof Uint8Array) || gA.length === 0 || gA.length > KEY_LENGTH)
    throw new RangeError(`gA: expected 1..${KEY_LENGTH} bytes`);
  const digest = sha256(concatBytes(key, gA));
  const view = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
  const index = (i: number) =>
    Number((view.getBigUint64(8 * i, false) & 0x7fff_ffff_ffff_ffffn) % BigInt(CALL_EMOJI_COUNT));
  return [index(0), index(1), index(2), index(3)];
}
