// fast-node's AES-256-IGE (ige.ts: encryption through one AES-256-CBC call, decryption with the
// table AES) against @conform/reference's IGE (R1.2), on random keys, ivs and lengths 0..4 KiB,
// word-aligned or not. The published vectors run through the runner (adapter.test.ts).
import fc from 'fast-check';
import { igeDecrypt as referenceDecrypt, igeEncrypt as referenceEncrypt } from '@conform/reference';
import { describe, expect, it } from 'vitest';
import { igeDecrypt, igeEncrypt } from '../src/ige.js';
import { chooseSeed, seeded, toHex } from './support/seed.js';

const seed = chooseSeed();

const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
/** A random IGE case; `shift` places each argument 0..3 bytes into a larger buffer (unaligned words). */
const igeCase = fc
  .record({
    key: bytes(32),
    iv: bytes(32),
    data: fc.integer({ min: 0, max: 256 }).chain((n) => bytes(16 * n)),
    shift: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ key, iv, data, shift }) => ({
    key: at(key, shift),
    iv: at(iv, shift),
    data: at(data, shift),
  }));

/** `bytes` copied to offset `shift` of a fresh buffer. */
function at(bytes: Uint8Array, shift: number): Uint8Array {
  const buffer = new Uint8Array(shift + bytes.length);
  buffer.set(bytes, shift);
  return buffer.subarray(shift);
}

describe('AES-256-IGE (R1.2)', () => {
  it('encryption through AES-256-CBC equals the reference IGE encryption', () => {
    fc.assert(
      fc.property(igeCase, ({ key, iv, data }) => {
        const before = toHex(data);
        expect(toHex(igeEncrypt(key, iv, data))).toBe(toHex(referenceEncrypt(key, iv, data)));
        expect(toHex(data), 'the input is left as it was').toBe(before);
      }),
      seeded(seed, 1000),
    );
  });

  it('decryption with the table AES equals the reference IGE decryption', () => {
    fc.assert(
      fc.property(igeCase, ({ key, iv, data }) => {
        const before = toHex(data);
        expect(toHex(igeDecrypt(key, iv, data))).toBe(toHex(referenceDecrypt(key, iv, data)));
        expect(toHex(data), 'the input is left as it was').toBe(before);
      }),
      seeded(seed, 1000),
    );
  });

  it('decryption inverts encryption', () => {
    fc.assert(
      fc.property(igeCase, ({ key, iv, data }) => {
        expect(toHex(igeDecrypt(key, iv, igeEncrypt(key, iv, data)))).toBe(toHex(data));
      }),
      seeded(seed, 300),
    );
  });

  it('each half of the iv matters: c_0 first, m_0 second (R1.2)', () => {
    const key = new Uint8Array(32).fill(1);
    const data = new Uint8Array(48).fill(2);
    const iv = new Uint8Array(32);
    const base = toHex(igeEncrypt(key, iv, data));
    for (const index of [0, 16]) {
      const changed = iv.slice();
      changed[index] = 1;
      expect(toHex(igeEncrypt(key, changed, data))).not.toBe(base);
      expect(toHex(igeEncrypt(key, changed, data))).toBe(toHex(referenceEncrypt(key, changed, data)));
    }
  });

  it('zero blocks give zero bytes (R1.3)', () => {
    expect(igeEncrypt(new Uint8Array(32), new Uint8Array(32), new Uint8Array(0))).toHaveLength(0);
    expect(igeDecrypt(new Uint8Array(32), new Uint8Array(32), new Uint8Array(0))).toHaveLength(0);
  });

  it.each([
    ['key', new Uint8Array(31), new Uint8Array(32), new Uint8Array(16)],
    ['iv', new Uint8Array(32), new Uint8Array(16), new Uint8Array(16)],
    ['data', new Uint8Array(32), new Uint8Array(32), new Uint8Array(15)],
  ])('refuses a wrong %s length with a RangeError naming it', (name, key, iv, data) => {
    expect(() => igeEncrypt(key, iv, data)).toThrow(new RegExp(`"${name}"`));
    expect(() => igeDecrypt(key, iv, data)).toThrow(RangeError);
  });
});
