// AES-256 in Infinite Garble Extension mode (R1), on @noble/ciphers' AES block function.
//
// R1.2: the 32-byte IV is two blocks. iv[0:16] is the "previous ciphertext" c_0 and iv[16:32] the
// "previous plaintext" m_0 (TDLib AesIgeStateImpl::init loads them in that order). For i = 1..n:
//   encrypt: c_i = AES_enc(m_i XOR c_{i-1}) XOR m_{i-1}
//   decrypt: m_i = AES_dec(c_i XOR m_{i-1}) XOR c_{i-1}
// R1.3: no padding of its own; the input must be a whole number of blocks (0 blocks is allowed).
// R1.4: every call starts from the IV it is given; nothing is chained between calls.
//
// The block API used here (`unsafe.encryptBlock`/`decryptBlock` and the key expansions) is
// @noble/ciphers' low-level interface, documented as subject to change: package.json pins the
// exact version, and the known-answer tests in test/ige-known-answers.test.ts catch a change.
import { unsafe } from '@noble/ciphers/aes.js';
import { assertBytes, assertBytesMultiple } from './_assert.js';

export const IGE_BLOCK = 16;
export const IGE_KEY_LENGTH = 32;
export const IGE_IV_LENGTH = 32;

/** Encrypts `data` (16·k bytes) with AES-256-IGE under `key` (32 B) and `iv` (32 B). Returns a new array. */
export function igeEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkArguments(key, iv, data);
  return _igeEncryptAnyKey(key, iv, data);
}

/** Decrypts `data` (16·k bytes) with AES-256-IGE under `key` (32 B) and `iv` (32 B). Returns a new array. */
export function igeDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  checkArguments(key, iv, data);
  return _igeDecryptAnyKey(key, iv, data);
}

/**
 * IGE with any AES key size (16, 24 or 32 bytes). Telegram uses only AES-256 (R1.1); the other
 * sizes exist so the mode itself can be checked against published AES-128 IGE vectors.
 * Package-internal: not exported from the package index.
 */
export function _igeEncryptAnyKey(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const xk = unsafe.expandKeyLE(key);
  const out = new Uint8Array(data.length);
  const block = new Uint8Array(IGE_BLOCK);
  // R1.2: c_{i-1} starts as iv[0:16], m_{i-1} as iv[16:32].
  let prevCipher = iv.subarray(0, IGE_BLOCK);
  let prevPlain = iv.subarray(IGE_BLOCK, 2 * IGE_BLOCK);
  for (let off = 0; off < data.length; off += IGE_BLOCK) {
    const plain = data.subarray(off, off + IGE_BLOCK);
    for (let j = 0; j < IGE_BLOCK; j++) block[j] = plain[j]! ^ prevCipher[j]!;
    unsafe.encryptBlock(xk, block); // in place
    for (let j = 0; j < IGE_BLOCK; j++) out[off + j] = block[j]! ^ prevPlain[j]!;
    prevCipher = out.subarray(off, off + IGE_BLOCK);
    prevPlain = plain;
  }
  xk.fill(0);
  return out;
}

/** Decryption counterpart of _igeEncryptAnyKey (package-internal). */
export function _igeDecryptAnyKey(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const xk = unsafe.expandKeyDecLE(key);
  const out = new Uint8Array(data.length);
  const block = new Uint8Array(IGE_BLOCK);
  let prevCipher = iv.subarray(0, IGE_BLOCK);
  let prevPlain = iv.subarray(IGE_BLOCK, 2 * IGE_BLOCK);
  for (let off = 0; off < data.length; off += IGE_BLOCK) {
    const cipher = data.subarray(off, off + IGE_BLOCK);
    for (let j = 0; j < IGE_BLOCK; j++) block[j] = cipher[j]! ^ prevPlain[j]!;
    unsafe.decryptBlock(xk, block); // in place
    for (let j = 0; j < IGE_BLOCK; j++) out[off + j] = block[j]! ^ prevCipher[j]!;
    prevPlain = out.subarray(off, off + IGE_BLOCK);
    prevCipher = cipher;
  }
  xk.fill(0);
  return out;
}

function checkArguments(key: Uint8Array, iv: Uint8Array, data: Uint8Array): void {
  assertBytes('key', key, IGE_KEY_LENGTH);
  assertBytes('iv', iv, IGE_IV_LENGTH);
  assertBytesMultiple('data', data, IGE_BLOCK); // R1.3
}
