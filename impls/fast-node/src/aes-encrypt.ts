// AES-256 encryption with 32-bit lookup tables (FIPS-197 §5.1), for IGE encryption of short
// messages in the JavaScript path (ige-js.ts): below a few hundred bytes, one createCipheriv costs
// more than encrypting the blocks here. Same word layout as aes-decrypt.ts (a state column is one
// little-endian word, row r in bits 8r..8r+7); the tables are built at load from its S-box.
//
// Not constant-time (table lookups indexed by secret state), as aes-decrypt.ts.
import { expandEncryptionKey, SBOX } from './aes-decrypt.js';

export { expandEncryptionKey };

const ROUNDS = 14;

/**
 * TE[r][x]: the contribution of input row r holding byte x to one output column of a round:
 * MixColumns' column r times SubBytes(x). MixColumns' matrix columns are (02 01 01 03),
 * (03 02 01 01), …, each the previous rotated down one row: one byte left in a little-endian word.
 */
const TE0 = new Uint32Array(256);
const TE1 = new Uint32Array(256);
const TE2 = new Uint32Array(256);
const TE3 = new Uint32Array(256);

for (let x = 0; x < 256; x++) {
  const s = SBOX[x]!;
  const s2 = ((s << 1) ^ (s & 0x80 ? 0x1b : 0)) & 0xff; // xtime (FIPS-197 §4.2.1)
  const word = s2 | (s << 8) | (s << 16) | ((s2 ^ s) << 24);
  TE0[x] = word;
  TE1[x] = (word << 8) | (word >>> 24);
  TE2[x] = (word << 16) | (word >>> 16);
  TE3[x] = (word << 24) | (word >>> 8);
}

/**
 * Encrypts one block held in `state[0..3]` (four little-endian column words), in place, with a
 * schedule from expandEncryptionKey.
 */
export function encryptBlock(ek: Uint32Array, state: Uint32Array): void {
  let s0 = state[0]! ^ ek[0]!;
  let s1 = state[1]! ^ ek[1]!;
  let s2 = state[2]! ^ ek[2]!;
  let s3 = state[3]! ^ ek[3]!;
  let k = 4;
  for (let round = 1; round < ROUNDS; round++, k += 4) {
    // ShiftRows moves row r of column c to column c − r: output column c reads row r of input
    // column c + r.
    const t0 =
      TE0[s0 & 0xff]! ^ TE1[(s1 >>> 8) & 0xff]! ^ TE2[(s2 >>> 16) & 0xff]! ^ TE3[s3 >>> 24]! ^ ek[k]!;
    const t1 =
      TE0[s1 & 0xff]! ^ TE1[(s2 >>> 8) & 0xff]! ^ TE2[(s3 >>> 16) & 0xff]! ^ TE3[s0 >>> 24]! ^ ek[k + 1]!;
    const t2 =
      TE0[s2 & 0xff]! ^ TE1[(s3 >>> 8) & 0xff]! ^ TE2[(s0 >>> 16) & 0xff]! ^ TE3[s1 >>> 24]! ^ ek[k + 2]!;
    const t3 =
      TE0[s3 & 0xff]! ^ TE1[(s0 >>> 8) & 0xff]! ^ TE2[(s1 >>> 16) & 0xff]! ^ TE3[s2 >>> 24]! ^ ek[k + 3]!;
    s0 = t0;
    s1 = t1;
    s2 = t2;
    s3 = t3;
  }
  // The last round has no MixColumns: ShiftRows and SubBytes byte by byte.
  state[0] = lastColumn(s0, s1, s2, s3) ^ ek[k]!;
  state[1] = lastColumn(s1, s2, s3, s0) ^ ek[k + 1]!;
  state[2] = lastColumn(s2, s3, s0, s1) ^ ek[k + 2]!;
  state[3] = lastColumn(s3, s0, s1, s2) ^ ek[k + 3]!;
}

/** One output column of the last round from the four input columns its rows 0..3 come from. */
function lastColumn(r0: number, r1: number, r2: number, r3: number): number {
  return (
    SBOX[r0 & 0xff]! |
    (SBOX[(r1 >>> 8) & 0xff]! << 8) |
    (SBOX[(r2 >>> 16) & 0xff]! << 16) |
    (SBOX[r3 >>> 24]! << 24)
  );
}
