// fast-node's AES-256-IGE against @conform/reference's IGE (R1.2), on random keys, ivs and lengths
// 0..4 KiB, word-aligned or not: the JavaScript path (ige-js.ts: short messages with the table AES,
// long ones through one AES-256-CBC call; decryption with the table AES) and the path the ops use
// (ige.ts: the native addon when active, native.test.ts has its own properties). The published
// vectors run through the runner (adapter.test.ts), with either path.
import fc from 'fast-check';
import { igeDecrypt as referenceDecrypt, igeEncrypt as referenceEncrypt } from '@conform/reference';
import { describe, expect, it } from 'vitest';
import { IGE_PATH, igeDecrypt as activeDecrypt, igeEncrypt as activeEncrypt } from '../src/ige.js';
import { jsIgeDecrypt, jsIgeEncrypt, TABLE_ENCRYPT_BELOW } from '../src/ige-js.js';
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

describe.each([
  { path: 'the JavaScript path', igeEncrypt: jsIgeEncrypt, igeDecrypt: jsIgeDecrypt },
  { path: `the active path (${IGE_PATH})`, igeEncrypt: activeEncrypt, igeDecrypt: activeDecrypt },
])('AES-256-IGE (R1.2), $path', ({ igeEncrypt, igeDecrypt }) => {
  it('encryption equals the reference IGE encryption', () => {
    fc.assert(
      fc.property(igeCase, ({ key, iv, data }) => {
        const before = toHex(data);
        expect(toHex(igeEncrypt(key, iv, data))).toBe(toHex(referenceEncrypt(key, iv, data)));
        expect(toHex(data), 'the input is left as it was').toBe(before);
      }),
      seeded(seed, 1000),
    );
  });

  it('encryption equals the reference on both sides of the table/CBC threshold', () => {
    const sizes = [16, TABLE_ENCRYPT_BELOW - 16, TABLE_ENCRYPT_BELOW, TABLE_ENCRYPT_BELOW + 16];
    fc.assert(
      fc.property(bytes(32), bytes(32), fc.constantFrom(...sizes).chain(bytes), (key, iv, data) => {
        expect(toHex(igeEncrypt(key, iv, data))).toBe(toHex(referenceEncrypt(key, iv, data)));
      }),
      seeded(seed, 200),
    );
  });

  it('decryption equals the reference IGE decryption', () => {
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
