// R8.1 key_hash and R8.2 grid: 36 bytes → 12×12, 16 legacy bytes → 8×8, pixel k (row-major) =
// (keyHash[k/4] >> 2·(k%4)) & 3, LSB-first. Expectations are derived by hand from the §9.1 key_hash
// in @conform/known-answers (data/dh-official-sample.json).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  callEmojiIndices,
  CALL_EMOJI_COUNT,
  computeKeyHash,
  KEY_VISUAL_PALETTE,
  keyHashGrid,
} from '../src/key-visual.js';
import { fromHex, toHex } from './support/hex.js';
import { loadKnownAnswers } from '@conform/known-answers';
import { propertyRuns, propertySeed } from './support/seed.js';

const FILE = 'known-answers/dh-official-sample.json';
const sample = loadKnownAnswers('dh-official-sample.json');

describe(`R8.1 computeKeyHash (${FILE}, samples-auth_key "Creating an Authorization Key: Example")`, () => {
  it('the sample auth_key hashes to the sample key_hash (K46 defaults to the initial key)', () => {
    expect(toHex(computeKeyHash(fromHex(sample.auth_key)))).toBe(
      '26d6ceeff1381295e06ab26f8ae7a271deb2631ccf3612ce6aec7e164aa1f06c69f44758',
    );
    expect(sample.key_hash).toBe('26d6ceeff1381295e06ab26f8ae7a271deb2631ccf3612ce6aec7e164aa1f06c69f44758');
  });

  it('a chat upgraded to layer 46 after re-keying: SHA1(K0)[0:16] + SHA256(K46)[0:20] (node:crypto)', () => {
    const k0 = fromHex(sample.auth_key);
    const k46 = new Uint8Array(256).map((_, i) => (i * 37 + 11) & 0xff);
    const expected =
      createHash('sha1').update(k0).digest('hex').slice(0, 32) +
      createHash('sha256').update(k46).digest('hex').slice(0, 40);
    expect(toHex(computeKeyHash(k0, k46))).toBe(expected);
  });

  it('misuse: wrong length or type throws, naming the argument', () => {
    expect(() => computeKeyHash(new Uint8Array(255))).toThrow(
      /"initialKey" expected Uint8Array of length 256, got length=255/,
    );
    expect(() => computeKeyHash(new Uint8Array(256), new Uint8Array(32))).toThrow(
      /"keyAtLayer46" expected Uint8Array of length 256, got length=32/,
    );
    expect(() => computeKeyHash('key' as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('R8.2 keyHashGrid', () => {
  const keyHash = fromHex(sample.key_hash);

  it('palette is #ffffff, #d5e6f3, #2d5775, #2f99c9 for indices 0..3', () => {
    expect(KEY_VISUAL_PALETTE).toEqual(['#ffffff', '#d5e6f3', '#2d5775', '#2f99c9']);
  });

  it('36-byte §9.1 key_hash → 12×12 grid with hand-derived cells (LSB-first, row-major)', () => {
    const grid = keyHashGrid(keyHash);
    expect(grid).toHaveLength(12);
    for (const row of grid) expect(row).toHaveLength(12);
    // Row 0 = bytes 0x26 0xd6 0xce: 0x26 = 00 10 01 10 → LSB-first pairs 10, 01, 10, 00 → 2, 1, 2, 0;
    // 0xd6 = 11 01 01 10 → 2, 1, 1, 3; 0xce = 11 00 11 10 → 2, 3, 0, 3.
    expect(grid[0]).toEqual([2, 1, 2, 0, 2, 1, 1, 3, 2, 3, 0, 3]);
    // Row 1 starts at pixel 12 = byte 3 = 0xef = 11 10 11 11 → 3, 3, 2, 3.
    expect(grid[1]!.slice(0, 4)).toEqual([3, 3, 2, 3]);
    // Last row ends with byte 35 = 0x58 = 01 01 10 00 → 0, 2, 1, 1.
    expect(grid[11]!.slice(8)).toEqual([0, 2, 1, 1]);
  });

  it('16-byte legacy key_hash (SHA1(K0)[0:16]) → 8×8 grid', () => {
    const grid = keyHashGrid(keyHash.subarray(0, 16));
    expect(grid).toHaveLength(8);
    for (const row of grid) expect(row).toHaveLength(8);
    expect(grid[0]).toEqual([2, 1, 2, 0, 2, 1, 1, 3]);
    // Byte 15 = 0x71 = 01 11 00 01 → 1, 0, 3, 1.
    expect(grid[7]!.slice(4)).toEqual([1, 0, 3, 1]);
  });

  it('the grid packs back into the key_hash it came from (any 36 or 16 bytes)', () => {
    const seed = propertySeed('keyHashGrid round trip');
    fc.assert(
      fc.property(
        fc.constantFrom(16, 36).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        (bytes) => {
          const cells = keyHashGrid(bytes).flat();
          expect(cells).toHaveLength(bytes.length * 4);
          const packed = new Uint8Array(bytes.length);
          cells.forEach((c, k) => {
            expect([0, 1, 2, 3]).toContain(c);
            packed[k >> 2]! |= c << (2 * (k % 4));
          });
          expect(toHex(packed)).toBe(toHex(bytes));
        },
      ),
      { seed, numRuns: propertyRuns(200) },
    );
  });

  it('misuse: lengths other than 36 and 16 throw RangeError naming "keyHash"; non-bytes TypeError', () => {
    for (const n of [0, 15, 17, 20, 32, 35, 37]) {
      expect(() => keyHashGrid(new Uint8Array(n))).toThrow(
        new RegExp(`"keyHash" expected Uint8Array of length 36 or 16, got length=${n}`),
      );
      expect(() => keyHashGrid(new Uint8Array(n))).toThrow(RangeError);
    }
    expect(() => keyHashGrid(sample.key_hash as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('R8.3 callEmojiIndices: the emoji fingerprint of a call (not of a secret chat)', () => {
  // Independent formulation: node:crypto SHA-256, each 16-hex-digit slice read as an unsigned
  // big-endian number, the top bit cleared, modulo 333 (D-calls; TDLib get_emoji_fingerprints).
  const expected = (key: Uint8Array, gA: Uint8Array) => {
    const digest = createHash('sha256').update(key).update(gA).digest('hex');
    return [0, 1, 2, 3].map((i) => {
      const value = BigInt('0x' + digest.slice(16 * i, 16 * i + 16));
      return Number((value % 2n ** 63n) % 333n);
    });
  };

  it('the §9.1 key with a 256-byte g_a: four indices below 333, as node:crypto gives', () => {
    const key = fromHex(sample.auth_key);
    const gA = new Uint8Array(256).map((_, i) => (i * 91 + 7) & 0xff);
    const indices = callEmojiIndices(key, gA);
    expect(indices).toEqual(expected(key, gA));
    for (const index of indices) expect(index).toBeLessThan(CALL_EMOJI_COUNT);
  });

  it('a chunk with its top bit set is masked, not read as signed or unsigned (TDLib & 0x7FFF…)', () => {
    // Find a g_a whose first chunk is ≥ 2^63 and whose masked and unmasked remainders differ.
    const key = fromHex(sample.auth_key);
    let found = false;
    for (let n = 0; n < 64 && !found; n++) {
      const gA = new Uint8Array(256).fill(n + 1);
      const digest = createHash('sha256').update(key).update(gA).digest('hex');
      const first = BigInt('0x' + digest.slice(0, 16));
      if (first < 2n ** 63n || first % 333n === (first - 2n ** 63n) % 333n) continue;
      found = true;
      expect(callEmojiIndices(key, gA)[0]).toBe(Number((first - 2n ** 63n) % 333n));
      expect(callEmojiIndices(key, gA)[0]).not.toBe(Number(first % 333n));
    }
    expect(found).toBe(true);
  });

  it('property: matches the independent formulation for any key and g_a length 1..256', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 256, maxLength: 256 }),
        fc.uint8Array({ minLength: 1, maxLength: 256 }),
        (key, gA) => {
          expect(callEmojiIndices(key, gA)).toEqual(expected(key, gA));
        },
      ),
      { seed: propertySeed('callEmojiIndices'), numRuns: propertyRuns(200) },
    );
  });

  it('misuse: a key that is not 256 bytes or an empty / over-long g_a throws', () => {
    expect(() => callEmojiIndices(new Uint8Array(255), new Uint8Array(256))).toThrow(/"key"/);
    expect(() => callEmojiIndices(new Uint8Array(256), new Uint8Array(0))).toThrow(RangeError);
    expect(() => callEmojiIndices(new Uint8Array(256), new Uint8Array(257))).toThrow(RangeError);
  });
});
