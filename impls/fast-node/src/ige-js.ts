// AES-256-IGE (R1) in JavaScript, fast-node's path when the native addon (native/ige.c) is not
// built, not usable or turned off (ige.ts chooses). Encryption of long messages as ONE OpenSSL
// AES-256-CBC call (AES-NI, pipelined) between two XOR passes; of short ones, where createCipheriv's
// per-call cost dominates, with the table AES of aes-encrypt.ts; decryption, which no OpenSSL mode
// can do in one call, with the table AES of aes-decrypt.ts on 32-bit words.
//
// R1.2, the convention (as @conform/reference and TDLib): iv[0:16] is c_0, the "previous
// ciphertext", iv[16:32] is m_0, the "previous plaintext"; blocks are numbered from 1:
//   encrypt: c_i = E(m_i ⊕ c_{i−1}) ⊕ m_{i−1}
//   decrypt: m_i = D(c_i ⊕ m_{i−1}) ⊕ c_{i−1}
//
// Encryption as CBC. Name the AES outputs y_i = E(m_i ⊕ c_{i−1}), so that c_i = y_i ⊕ m_{i−1}.
// Substituting c_{i−1} = y_{i−1} ⊕ m_{i−2} (valid for i ≥ 2):
//   y_i = E(m_i ⊕ m_{i−2} ⊕ y_{i−1})                       for i ≥ 2
//   y_1 = E(m_1 ⊕ c_0)
// CBC encryption computes y_i = E(x_i ⊕ y_{i−1}) from its IV y_0. Both lines are that recurrence
// with
//   y_0 = c_0 = iv[0:16],   x_1 = m_1,   x_i = m_i ⊕ m_{i−2} (i ≥ 2; x_2 = m_2 ⊕ m_0, m_0 = iv[16:32])
// so: pass 1 builds x from the plaintext, one CBC call gives y_1..y_n, pass 2 recovers
//   c_i = y_i ⊕ m_{i−1}.
// Both passes are independent per block (they read only plaintext and y), so they run as straight
// word loops; the one sequential chain, y_{i−1} → y_i, is inside OpenSSL.
//
// Decryption has no such identity: writing z_i = m_i ⊕ c_{i−1} = D(c_i ⊕ m_{i−1}) gives
// z_i = D(c_i ⊕ c_{i−2} ⊕ z_{i−1}), a chain through D's own outputs — the shape of CBC
// *encryption* with the inverse cipher, which OpenSSL does not offer. One native call per block
// costs more than the whole table AES block in JavaScript, so the chain runs here.
import { createCipheriv } from 'node:crypto';
import { igeDecrypt as referenceIgeDecrypt } from '@conform/reference';
import { decryptBlock, expandDecryptionKey } from './aes-decrypt.js';
import { encryptBlock, expandEncryptionKey } from './aes-encrypt.js';

const BLOCK = 16;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/**
 * Below this many bytes encryption uses the table AES: createCipheriv costs about 4 µs a call, the
 * table AES about 0.2 µs a block plus its key schedule (measured 2026-05: the two meet near 512 B).
 */
export const TABLE_ENCRYPT_BELOW = 512;

/** Throws the RangeError naming the first argument IGE cannot work with (R1.3), as the reference. */
export function checkIgeArguments(key: Uint8Array, iv: Uint8Array, data: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== 32)
    throw new RangeError(`"key" expected Uint8Array of length 32, got length=${key?.length}`);
  if (!(iv instanceof Uint8Array) || iv.length !== 32)
    throw new RangeError(`"iv" expected Uint8Array of length 32, got length=${iv?.length}`);
  if (!(data instanceof Uint8Array) || data.length % BLOCK !== 0)
    throw new RangeError(`"data" expected Uint8Array of a multiple of 16 bytes, got length=${data?.length}`); // R1.3
}

/** A 32-bit word view of `bytes`, copying them first when they do not start on a word boundary. */
function words(bytes: Uint8Array): Uint32Array {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length >>> 2);
}

/** Encrypts `data` (16·k bytes) with AES-256-IGE (R1.2) in JavaScript; a new array. */
export function jsIgeEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkIgeArguments(key, iv, data);
  const n = data.length;
  if (n === 0) return new Uint8Array(0);
  if (n < TABLE_ENCRYPT_BELOW && LITTLE_ENDIAN) return tableIgeEncrypt(key, iv, data);
  const m = words(data);
  const m0 = words(iv.subarray(BLOCK));
  const nw = n >>> 2;

  // Pass 1: x_1 = m_1, x_2 = m_2 ⊕ m_0, x_i = m_i ⊕ m_{i−2}.
  const xBytes = new Uint8Array(n);
  const x = new Uint32Array(xBytes.buffer);
  x[0] = m[0]!;
  x[1] = m[1]!;
  x[2] = m[2]!;
  x[3] = m[3]!;
  if (nw > 4) {
    x[4] = m[4]! ^ m0[0]!;
    x[5] = m[5]! ^ m0[1]!;
    x[6] = m[6]! ^ m0[2]!;
    x[7] = m[7]! ^ m0[3]!;
  }
  for (let w = 8; w < nw; w++) x[w] = m[w]! ^ m[w - 8]!;

  // y_1..y_n = AES-256-CBC(key, IV = c_0) of x, no padding: whole blocks in, whole blocks out.
  const cipher = createCipheriv('aes-256-cbc', key, iv.subarray(0, BLOCK)).setAutoPadding(false);
  const yBytes = cipher.update(xBytes);
  cipher.final();
  const out = yBytes.byteOffset % 4 === 0 ? yBytes : new Uint8Array(yBytes);
  const y = new Uint32Array(out.buffer, out.byteOffset, nw);

  // Pass 2, in place: c_1 = y_1 ⊕ m_0, c_i = y_i ⊕ m_{i−1}.
  y[0] = y[0]! ^ m0[0]!;
  y[1] = y[1]! ^ m0[1]!;
  y[2] = y[2]! ^ m0[2]!;
  y[3] = y[3]! ^ m0[3]!;
  for (let w = 4; w < nw; w++) y[w] = y[w]! ^ m[w - 4]!;
  xBytes.fill(0);
  return out;
}

/** Decrypts `data` (16·k bytes) with AES-256-IGE (R1.2) in JavaScript; a new array. */
export function jsIgeDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkIgeArguments(key, iv, data);
  if (!LITTLE_ENDIAN) return referenceIgeDecrypt(key, iv, data);
  if (data.length === 0) return new Uint8Array(0);
  // m_i = D(c_i ⊕ m_{i−1}) ⊕ c_{i−1}: the chain's output starts at m_0 = iv[16:32], its input at c_0.
  return tableIgeChain(decryptBlock, expandDecryptionKey(key), data, iv, 4);
}

/** IGE encryption block by block with the table AES: c_i = E(m_i ⊕ c_{i−1}) ⊕ m_{i−1} (R1.2). */
function tableIgeEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  // The chain's output starts at c_0 = iv[0:16], its input at m_0 = iv[16:32].
  return tableIgeChain(encryptBlock, expandEncryptionKey(key), data, iv, 0);
}

/**
 * The IGE chain both directions share (R1.2): out_i = F(in_i ⊕ out_{i−1}) ⊕ in_{i−1}, with F the table
 * AES block function for `schedule`; `outWord` says where in the iv's eight words out_0 starts (in_0
 * is the other half). The previous blocks live in locals; the schedule is wiped afterwards.
 */
function tableIgeChain(
  block: (schedule: Uint32Array, state: Uint32Array) => void,
  schedule: Uint32Array,
  data: Uint8Array,
  iv: Uint8Array,
  outWord: 0 | 4,
): Uint8Array {
  const n = data.length;
  const outBytes = new Uint8Array(n);
  const input = words(data);
  const out = new Uint32Array(outBytes.buffer);
  const ivWords = words(iv);
  const inWord = 4 - outWord;
  const state = new Uint32Array(4);
  let po0 = ivWords[outWord]!;
  let po1 = ivWords[outWord + 1]!;
  let po2 = ivWords[outWord + 2]!;
  let po3 = ivWords[outWord + 3]!;
  let pi0 = ivWords[inWord]!;
  let pi1 = ivWords[inWord + 1]!;
  let pi2 = ivWords[inWord + 2]!;
  let pi3 = ivWords[inWord + 3]!;
  for (let w = 0; w < n >>> 2; w += 4) {
    const i0 = input[w]!;
    const i1 = input[w + 1]!;
    const i2 = input[w + 2]!;
    const i3 = input[w + 3]!;
    state[0] = i0 ^ po0;
    state[1] = i1 ^ po1;
    state[2] = i2 ^ po2;
    state[3] = i3 ^ po3;
    block(schedule, state);
    po0 = state[0]! ^ pi0;
    po1 = state[1]! ^ pi1;
    po2 = state[2]! ^ pi2;
    po3 = state[3]! ^ pi3;
    out[w] = po0;
    out[w + 1] = po1;
    out[w + 2] = po2;
    out[w + 3] = po3;
    pi0 = i0;
    pi1 = i1;
    pi2 = i2;
    pi3 = i3;
  }
  schedule.fill(0);
  state.fill(0);
  return outBytes;
}
