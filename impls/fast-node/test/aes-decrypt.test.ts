// The table AES-256 alone, decryption (aes-decrypt.ts) and encryption (aes-encrypt.ts), against
// FIPS-197's own example and against OpenSSL's AES-256-ECB (node:crypto) on random keys and blocks.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AES256_SCHEDULE_WORDS, decryptBlock, expandDecryptionKey } from '../src/aes-decrypt.js';
import { encryptBlock, expandEncryptionKey } from '../src/aes-encrypt.js';
import { chooseSeed, fromHex, seeded, toHex } from './support/seed.js';

const seed = chooseSeed();

/** ECB decryption of whole blocks with the table AES, one block at a time through a word view. */
function tableEcbDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  const dk = expandDecryptionKey(key);
  const out = data.slice();
  const words = new Uint32Array(out.buffer, out.byteOffset, out.length / 4);
  for (let i = 0; i < words.length; i += 4) decryptBlock(dk, words.subarray(i, i + 4));
  return out;
}

/** ECB encryption of whole blocks with the table AES. */
function tableEcbEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  const ek = expandEncryptionKey(key);
  const out = data.slice();
  const words = new Uint32Array(out.buffer, out.byteOffset, out.length / 4);
  for (let i = 0; i < words.length; i += 4) encryptBlock(ek, words.subarray(i, i + 4));
  return out;
}

function opensslEcb(mode: 'encrypt' | 'decrypt', key: Uint8Array, data: Uint8Array): Uint8Array {
  const cipher =
    mode === 'encrypt'
      ? createCipheriv('aes-256-ecb', key, null).setAutoPadding(false)
      : createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
}

describe('table AES-256 decryption', () => {
  it('decrypts the AES-256 example of FIPS-197 appendix C.3', () => {
    // FIPS-197, C.3 AES-256 (Nk=8, Nr=14): the inverse cipher's output is the plaintext.
    const key = fromHex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    const ciphertext = fromHex('8ea2b7ca516745bfeafc49904b496089');
    expect(toHex(tableEcbDecrypt(key, ciphertext))).toBe('00112233445566778899aabbccddeeff');
  });

  it('agrees with OpenSSL aes-256-ecb on random keys and blocks', () => {
    const cases = fc.record({
      key: fc.uint8Array({ minLength: 32, maxLength: 32 }),
      data: fc
        .integer({ min: 1, max: 64 })
        .chain((n) => fc.uint8Array({ minLength: 16 * n, maxLength: 16 * n })),
    });
    fc.assert(
      fc.property(cases, ({ key, data }) => {
        expect(toHex(tableEcbDecrypt(key, data))).toBe(toHex(opensslEcb('decrypt', key, data)));
        // and it inverts OpenSSL's encryption
        expect(toHex(tableEcbDecrypt(key, opensslEcb('encrypt', key, data)))).toBe(toHex(data));
      }),
      seeded(seed, 1000),
    );
  });

  it('decrypts in place: only the four state words change', () => {
    const key = new Uint8Array(32).fill(7);
    const dk = expandDecryptionKey(key);
    expect(dk).toHaveLength(AES256_SCHEDULE_WORDS);
    const words = new Uint32Array([1, 2, 3, 4, 5, 6, 7, 8]);
    decryptBlock(dk, words.subarray(4, 8));
    expect([...words.subarray(0, 4)]).toEqual([1, 2, 3, 4]);
    const block = new Uint8Array(new Uint32Array([5, 6, 7, 8]).buffer);
    expect(toHex(new Uint8Array(words.buffer, 16, 16))).toBe(toHex(opensslEcb('decrypt', key, block)));
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => expandDecryptionKey(new Uint8Array(16))).toThrow(RangeError);
    expect(() => expandDecryptionKey(new Uint8Array(33))).toThrow(/length=33/);
  });
});

describe('table AES-256 encryption', () => {
  it('encrypts the AES-256 example of FIPS-197 appendix C.3', () => {
    const key = fromHex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    const plaintext = fromHex('00112233445566778899aabbccddeeff');
    expect(toHex(tableEcbEncrypt(key, plaintext))).toBe('8ea2b7ca516745bfeafc49904b496089');
  });

  it('agrees with OpenSSL aes-256-ecb on random keys and blocks', () => {
    const cases = fc.record({
      key: fc.uint8Array({ minLength: 32, maxLength: 32 }),
      data: fc
        .integer({ min: 1, max: 64 })
        .chain((n) => fc.uint8Array({ minLength: 16 * n, maxLength: 16 * n })),
    });
    fc.assert(
      fc.property(cases, ({ key, data }) => {
        expect(toHex(tableEcbEncrypt(key, data))).toBe(toHex(opensslEcb('encrypt', key, data)));
        expect(toHex(tableEcbDecrypt(key, tableEcbEncrypt(key, data)))).toBe(toHex(data));
      }),
      seeded(seed, 1000),
    );
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => expandEncryptionKey(new Uint8Array(31))).toThrow(/length=31/);
  });
});
