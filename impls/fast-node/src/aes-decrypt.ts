// AES-256 decryption with 32-bit lookup tables (FIPS-197 §5.3.5, the "equivalent inverse cipher"),
// for IGE decryption (R1.2), whose block inputs depend on the previous block's output: no one-call
// native mode exists for it (see ige.ts). One block is 14 rounds of 16 table lookups on four
// 32-bit words, with no allocation.
//
// Word layout: a state column is one little-endian word, row r in bits 8r..8r+7, so the words are
// exactly what a Uint32Array view of the bytes holds on a little-endian machine (every machine
// Node ships for in practice; ige.ts falls back to the reference elsewhere). The tables are
// built at load from the GF(2^8) arithmetic of FIPS-197 §4, not pasted in.
//
// Not constant-time: table lookups indexed by secret state leak through the cache, as in every
// table AES (the reference's @noble/ciphers block function included). This is a benchmark
// implementation, not a hardened one.

/** Words of the decryption key schedule of AES-256: 15 round keys of 4 words. */
export const AES256_SCHEDULE_WORDS = 60;
const ROUNDS = 14;

/** The S-box and its inverse (FIPS-197 §5.1.1, §5.3.2); aes-encrypt.ts builds its tables from SBOX. */
export const SBOX = new Uint8Array(256);
const INV_SBOX = new Uint8Array(256);
/**
 * TD[r][x] is the contribution of input row r holding byte x to one output column of an inverse
 * round: InvMixColumns' column r times InvSubBytes(x), rows of the result in the word's bytes.
 */
const TD0 = new Uint32Array(256);
const TD1 = new Uint32Array(256);
const TD2 = new Uint32Array(256);
const TD3 = new Uint32Array(256);

/** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (FIPS-197 §4.2). */
function gfMul(a: number, b: number): number {
  let product = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) product ^= a;
    const high = a & 0x80;
    a = (a << 1) & 0xff;
    if (high) a ^= 0x1b;
    b >>= 1;
  }
  return product;
}

(function buildTables(): void {
  // Powers and logarithms of the generator 3 give every inverse in one lookup.
  const exp = new Uint8Array(256);
  const log = new Uint8Array(256);
  for (let i = 0, x = 1; i < 255; i++) {
    exp[i] = x;
    log[x] = i;
    x = gfMul(x, 3);
  }
  for (let x = 0; x < 256; x++) {
    const inverse = x === 0 ? 0 : exp[(255 - log[x]!) % 255]!;
    // The affine transformation of FIPS-197 §5.1.1: b ^ rotl(b,1..4) ^ 0x63.
    let s = inverse;
    for (let k = 1; k <= 4; k++) s ^= ((inverse << k) | (inverse >> (8 - k))) & 0xff;
    s ^= 0x63;
    SBOX[x] = s;
    INV_SBOX[s] = x;
  }
  for (let x = 0; x < 256; x++) {
    const s = INV_SBOX[x]!;
    // InvMixColumns (FIPS-197 §5.3.3), matrix columns: (0e 09 0d 0b), (0b 0e 09 0d), …, each the
    // previous one rotated down one row: one byte left in a little-endian word.
    const word = gfMul(s, 0x0e) | (gfMul(s, 0x09) << 8) | (gfMul(s, 0x0d) << 16) | (gfMul(s, 0x0b) << 24);
    TD0[x] = word;
    TD1[x] = (word << 8) | (word >>> 24);
    TD2[x] = (word << 16) | (word >>> 16);
    TD3[x] = (word << 24) | (word >>> 8);
  }
})();

/** Rcon's first bytes (FIPS-197 §5.2): x^(j−1) in GF(2^8), seven for AES-256. */
const RCON = Uint8Array.from({ length: 7 }, (_, j) => {
  let x = 1;
  for (let k = 0; k < j; k++) x = gfMul(x, 2);
  return x;
});

const subWord = (w: number): number =>
  SBOX[w & 0xff]! |
  (SBOX[(w >>> 8) & 0xff]! << 8) |
  (SBOX[(w >>> 16) & 0xff]! << 16) |
  (SBOX[w >>> 24]! << 24);

/** InvMixColumns of one word: the tables hold InvMixColumns ∘ InvSubBytes, so undo the S-box first. */
const invMixColumn = (w: number): number =>
  TD0[SBOX[w & 0xff]!]! ^
  TD1[SBOX[(w >>> 8) & 0xff]!]! ^
  TD2[SBOX[(w >>> 16) & 0xff]!]! ^
  TD3[SBOX[w >>> 24]!]!;

/**
 * The encryption key schedule of AES-256 for `key` (32 bytes): FIPS-197 §5.2 with Nk = 8, 15 round
 * keys of 4 little-endian words, in the order encryption uses them.
 */
export function expandEncryptionKey(key: Uint8Array): Uint32Array {
  if (!(key instanceof Uint8Array) || key.length !== 32) {
    throw new RangeError(`"key" expected Uint8Array of length 32, got length=${key?.length}`);
  }
  const w = new Uint32Array(AES256_SCHEDULE_WORDS);
  for (let i = 0; i < 8; i++) {
    w[i] = key[4 * i]! | (key[4 * i + 1]! << 8) | (key[4 * i + 2]! << 16) | (key[4 * i + 3]! << 24);
  }
  // Eight words per step: the first through SubWord(RotWord(·)) ^ Rcon, the fifth through SubWord.
  for (let i = 8, step = 0; i < AES256_SCHEDULE_WORDS; i += 8, step++) {
    let t = w[i - 1]!;
    w[i] = w[i - 8]! ^ subWord((t >>> 8) | (t << 24)) ^ RCON[step]!; // RotWord moves byte 1 to byte 0
    for (let j = 1; j < 8 && i + j < AES256_SCHEDULE_WORDS; j++) {
      t = w[i + j - 1]!;
      w[i + j] = w[i + j - 8]! ^ (j === 4 ? subWord(t) : t);
    }
  }
  return w;
}

/**
 * The decryption key schedule of AES-256 for `key` (32 bytes), in the order decryption uses it:
 * the last encryption round key first, the middle ones through InvMixColumns (the equivalent
 * inverse cipher, FIPS-197 §5.3.5), the cipher key's first four words last.
 */
export function expandDecryptionKey(key: Uint8Array): Uint32Array {
  const w = expandEncryptionKey(key);
  const dk = new Uint32Array(AES256_SCHEDULE_WORDS);
  for (let round = 0; round <= ROUNDS; round++) {
    const from = 4 * (ROUNDS - round);
    for (let j = 0; j < 4; j++) {
      const word = w[from + j]!;
      dk[4 * round + j] = round === 0 || round === ROUNDS ? word : invMixColumn(word);
    }
  }
  w.fill(0);
  return dk;
}

/**
 * Decrypts one block held in `state[0..3]` (four little-endian column words), in place, with a
 * schedule from expandDecryptionKey.
 */
export function decryptBlock(dk: Uint32Array, state: Uint32Array): void {
  let s0 = state[0]! ^ dk[0]!;
  let s1 = state[1]! ^ dk[1]!;
  let s2 = state[2]! ^ dk[2]!;
  let s3 = state[3]! ^ dk[3]!;
  let k = 4;
  for (let round = 1; round < ROUNDS; round++, k += 4) {
    // InvShiftRows moves row r of column c to column c + r: output column c reads row r of input
    // column c − r.
    const t0 =
      TD0[s0 & 0xff]! ^ TD1[(s3 >>> 8) & 0xff]! ^ TD2[(s2 >>> 16) & 0xff]! ^ TD3[s1 >>> 24]! ^ dk[k]!;
    const t1 =
      TD0[s1 & 0xff]! ^ TD1[(s0 >>> 8) & 0xff]! ^ TD2[(s3 >>> 16) & 0xff]! ^ TD3[s2 >>> 24]! ^ dk[k + 1]!;
    const t2 =
      TD0[s2 & 0xff]! ^ TD1[(s1 >>> 8) & 0xff]! ^ TD2[(s0 >>> 16) & 0xff]! ^ TD3[s3 >>> 24]! ^ dk[k + 2]!;
    const t3 =
      TD0[s3 & 0xff]! ^ TD1[(s2 >>> 8) & 0xff]! ^ TD2[(s1 >>> 16) & 0xff]! ^ TD3[s0 >>> 24]! ^ dk[k + 3]!;
    s0 = t0;
    s1 = t1;
    s2 = t2;
    s3 = t3;
  }
  // The last round has no InvMixColumns: InvShiftRows and InvSubBytes byte by byte.
  state[0] = lastColumn(s0, s3, s2, s1) ^ dk[k]!;
  state[1] = lastColumn(s1, s0, s3, s2) ^ dk[k + 1]!;
  state[2] = lastColumn(s2, s1, s0, s3) ^ dk[k + 2]!;
  state[3] = lastColumn(s3, s2, s1, s0) ^ dk[k + 3]!;
}

/** One output column of the last round from the four input columns its rows 0..3 come from. */
function lastColumn(r0: number, r1: number, r2: number, r3: number): number {
  return (
    INV_SBOX[r0 & 0xff]! |
    (INV_SBOX[(r1 >>> 8) & 0xff]! << 8) |
    (INV_SBOX[(r2 >>> 16) & 0xff]! << 16) |
    (INV_SBOX[r3 >>> 24]! << 24)
  );
}
