// R4.3 / D12: public-value range. Docs MUST: 1 < v < p − 1. Recommended (TDLib's dh_check, inclusive):
// reject iff v < 2^1984 or v > p − 2^1984. Every line is probed on both sides.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDhPublic, type DhPublicCheckResult, type DhPublicRange } from '../src/dh-public.js';
import { fromHex } from './support/hex.js';
import { loadKnownAnswers } from '@conform/known-answers';
import { propertyRuns, propertySeed } from './support/seed.js';

const official = loadKnownAnswers('dh-official-sample.json');
const pBytes = fromHex(official.p);
const p = BigInt('0x' + official.p);
const M = 1n << 1984n;

const OK: DhPublicCheckResult = { ok: true };
const RANGE: DhPublicCheckResult = { ok: false, reason: 'out_of_range' };
const MARGIN: DhPublicCheckResult = { ok: false, reason: 'outside_safety_margin' };

// [label, value, expected with 'recommended' (default), expected with 'required']
const BOUNDARIES: [string, bigint, DhPublicCheckResult, DhPublicCheckResult][] = [
  ['0', 0n, RANGE, RANGE],
  ['1', 1n, RANGE, RANGE],
  ['2', 2n, MARGIN, OK],
  ['2^1984 − 1', M - 1n, MARGIN, OK],
  ['2^1984', M, OK, OK],
  ['2^1984 + 1', M + 1n, OK, OK],
  ['p − 2^1984 − 1', p - M - 1n, OK, OK],
  ['p − 2^1984', p - M, OK, OK],
  ['p − 2^1984 + 1', p - M + 1n, MARGIN, OK],
  ['p − 2', p - 2n, MARGIN, OK],
  ['p − 1', p - 1n, RANGE, RANGE],
  ['p', p, RANGE, RANGE],
  ['p + 1', p + 1n, RANGE, RANGE],
  ['2^2048 − 1', (1n << 2048n) - 1n, RANGE, RANGE],
  ['2^2048 (257 bytes)', 1n << 2048n, RANGE, RANGE],
];

describe('R4.3 boundaries (official §9.1 prime)', () => {
  for (const [label, value, recommended, required] of BOUNDARIES) {
    it(`${label}: recommended → ${describeResult(recommended)}, required → ${describeResult(required)}`, () => {
      expect(checkDhPublic(pBytes, minimal(value))).toEqual(recommended);
      expect(checkDhPublic(pBytes, minimal(value), { range: 'recommended' })).toEqual(recommended);
      expect(checkDhPublic(pBytes, minimal(value), { range: 'required' })).toEqual(required);
    });

    it(`${label}: the same verdict with 256 bytes and with 8 extra leading zero bytes`, () => {
      const width = Math.max(256, minimal(value).length);
      for (const encoded of [padded(value, width), padded(value, width + 8)]) {
        expect(checkDhPublic(pBytes, encoded)).toEqual(recommended);
        expect(checkDhPublic(pBytes, encoded, { range: 'required' })).toEqual(required);
      }
    });
  }

  it('an empty value reads as 0 and is out of range', () => {
    expect(checkDhPublic(pBytes, new Uint8Array(0))).toEqual(RANGE);
  });

  it('a valid value may be shorter than 256 bytes: 2^1984 is 249 bytes', () => {
    expect(minimal(M)).toHaveLength(249);
    expect(checkDhPublic(pBytes, minimal(M))).toEqual(OK);
  });
});

describe('R4.3 agrees with a bigint model on random values', () => {
  it('any length, either range', () => {
    const seed = propertySeed('checkDhPublic vs model');
    const near = (c: bigint) => fc.bigInt({ min: c - 1000n, max: c + 1000n });
    const value = fc.oneof(
      fc.bigInt({ min: 0n, max: (1n << 2056n) - 1n }),
      near(M),
      near(p - M),
      near(p),
      fc.bigInt({ min: 0n, max: 1000n }),
    );
    fc.assert(
      fc.property(
        value,
        fc.nat({ max: 12 }),
        fc.constantFrom<DhPublicRange>('recommended', 'required'),
        (v, pad, range) => {
          const encoded = padded(v, minimal(v).length + pad);
          let expected: DhPublicCheckResult = OK;
          if (v <= 1n || v >= p - 1n) expected = RANGE;
          else if (range === 'recommended' && (v < M || v > p - M)) expected = MARGIN;
          expect(checkDhPublic(pBytes, encoded, { range })).toEqual(expected);
        },
      ),
      { seed, numRuns: propertyRuns(500) },
    );
  });
});

describe('checkDhPublic misuse throws, naming the argument', () => {
  it('p of the wrong type or length', () => {
    expect(() => checkDhPublic('p' as unknown as Uint8Array, minimal(M))).toThrow(TypeError);
    expect(() => checkDhPublic(pBytes.subarray(1), minimal(M))).toThrow(
      /"p" expected Uint8Array of length 256, got length=255/,
    );
    expect(() => checkDhPublic(padded(p, 257), minimal(M))).toThrow(RangeError);
  });
  it('value of the wrong type', () => {
    expect(() => checkDhPublic(pBytes, [1, 2] as unknown as Uint8Array)).toThrow(
      /"value" expected Uint8Array/,
    );
    expect(() => checkDhPublic(pBytes, M as unknown as Uint8Array)).toThrow(TypeError);
  });
  it('an unknown range', () => {
    expect(() => checkDhPublic(pBytes, minimal(M), { range: 'tdlib' as DhPublicRange })).toThrow(/"range"/);
  });
});

function describeResult(r: DhPublicCheckResult): string {
  return r.ok ? 'ok' : `'${r.reason}'`;
}

function minimal(n: bigint): Uint8Array {
  if (n === 0n) return new Uint8Array(0);
  const hex = n.toString(16);
  return fromHex(hex.length % 2 === 0 ? hex : '0' + hex);
}

function padded(n: bigint, length: number): Uint8Array {
  return fromHex((n === 0n ? '' : n.toString(16)).padStart(2 * length, '0'));
}
