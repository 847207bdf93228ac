// Known answers from the official DH sample (spec §9.1): core.telegram.org/mtproto/samples-auth_key,
// "Creating an Authorization Key: Example" (crawled copy), stored in @conform/known-answers (data/dh-official-sample.json).
import { describe, expect, it } from 'vitest';
import { computeDhKey, computeDhPublic } from '../src/dh.js';
import { checkDhParams } from '../src/dh-params.js';
import { checkDhPublic } from '../src/dh-public.js';
import { computeKeyHash } from '../src/key-visual.js';
import { fromHex, toHex } from './support/hex.js';
import { loadKnownAnswers } from '@conform/known-answers';

const FILE = 'known-answers/dh-official-sample.json';
const sample = loadKnownAnswers('dh-official-sample.json');
const p = fromHex(sample.p);

describe(`${FILE} (samples-auth_key "Creating an Authorization Key: Example")`, () => {
  it('names its source and stores 256-byte lowercase hex values', () => {
    expect(sample.source).toContain('core.telegram.org/mtproto/samples-auth_key');
    expect(sample.source).toContain('Creating an Authorization Key: Example');
    for (const field of ['p', 'g_a', 'b', 'g_b', 'auth_key'] as const) {
      expect(sample[field]).toMatch(/^[0-9a-f]{512}$/);
    }
    expect(sample.g).toBe(3);
  });

  it('R4.2: (p, g = 3) is a valid DH configuration', () => {
    expect(checkDhParams(p, sample.g)).toEqual({ ok: true });
  });

  it('R4.2: the other valid generators for this p are 4 and 7', () => {
    expect(checkDhParams(p, 4)).toEqual({ ok: true });
    expect(checkDhParams(p, 7)).toEqual({ ok: true });
  });

  it('R4.2: g = 2, 5, 6 fail the residue rule for this p (g = 2 is printed by some crawled versions)', () => {
    for (const g of [2, 5, 6]) expect(checkDhParams(p, g)).toEqual({ ok: false, reason: 'g_residue' });
  });

  it('R4.2: g = 0, 1, 8 are out of range', () => {
    for (const g of [0, 1, 8]) expect(checkDhParams(p, g)).toEqual({ ok: false, reason: 'g_range' });
  });

  it('R4.5: computeDhPublic(p, 3, b) equals the sample g_b', () => {
    expect(toHex(computeDhPublic(p, sample.g, fromHex(sample.b)))).toBe(sample.g_b);
  });

  it('R4.7: computeDhKey(p, g_a, b) equals the sample auth_key, fingerprint 8ae7a271969a9b1f', () => {
    const { key, fingerprint } = computeDhKey(p, fromHex(sample.g_a), fromHex(sample.b));
    expect(toHex(key)).toBe(sample.auth_key);
    expect(toHex(fingerprint)).toBe(sample.fingerprint);
    expect(sample.fingerprint).toBe('8ae7a271969a9b1f');
    expect(sample.sha1.slice(24)).toBe(sample.fingerprint);
  });

  it('R8.1: computeKeyHash(auth_key) equals the sample key_hash', () => {
    const keyHash = computeKeyHash(fromHex(sample.auth_key));
    expect(toHex(keyHash)).toBe(sample.key_hash);
    expect(sample.key_hash).toBe(sample.sha1.slice(0, 32) + sample.sha256.slice(0, 40));
  });

  it('R4.3: the sample g_a and g_b pass the public-value check (recommended and required ranges)', () => {
    for (const value of [sample.g_a, sample.g_b]) {
      expect(checkDhPublic(p, fromHex(value))).toEqual({ ok: true });
      expect(checkDhPublic(p, fromHex(value), { range: 'required' })).toEqual({ ok: true });
    }
  });
});
