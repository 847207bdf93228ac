// What the differential inputs of the ops added after the freeze reach, judged by the reference's
// own functions: key_hash lengths other than 36 and 16 (bad_input, R8.2), g_a of 0 and 257 bytes
// (bad_input, R8.3), and for the API codec (R4.8) valid objects and bytes next to broken ones and
// to the secret layer's, which it must refuse. A generator that never draws one of them can hide
// a defect the fuzzer is meant to find.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiTlSchema, decodeTl, encodeTl, secretTlSchema, type TlObject } from '@conform/reference';
import { fromHex } from '../src/bytes.js';
import { DIFFERENTIAL } from '../src/differential.js';

const SEED = 20_250_611;
const RUNS = 3_000;
console.log(`differential.test.ts: fast-check seed ${SEED}`);

const argsOf = (op: string) =>
  fc.sample(DIFFERENTIAL.get(op)!.arbitrary, { seed: SEED, numRuns: RUNS }).map((c) => {
    expect(c.op).toBe(op);
    return c.args;
  });

const hexLength = (v: unknown) => (typeof v === 'string' ? v.length / 2 : -1);
const encodes = (object: unknown, schema = apiTlSchema) => {
  try {
    encodeTl(object as TlObject, schema);
    return true;
  } catch {
    return false;
  }
};

describe('differential inputs of the ops added after the freeze', () => {
  it('key.picture: both hash lengths, and lengths on either side of them', () => {
    const lengths = new Set(argsOf('key.picture').map((a) => hexLength(a.key_hash)));
    for (const n of [36, 16, 0, 15, 17, 35, 37]) expect(lengths).toContain(n);
  });

  it('key.emoji: g_a of 1, 255 and 256 bytes, with leading zeros, and of 0 and 257 bytes', () => {
    const args = argsOf('key.emoji');
    const lengths = new Set(args.map((a) => hexLength(a.g_a)));
    for (const n of [1, 255, 256, 0, 257]) expect(lengths).toContain(n);
    expect(args.some((a) => hexLength(a.g_a) === 256 && String(a.g_a).startsWith('00'))).toBe(true);
    expect(args.some((a) => hexLength(a.key) !== 256)).toBe(true);
  });

  it('api.encode: valid API objects, broken ones, and secret-layer objects', () => {
    const objects = argsOf('api.encode').map((a) => a.object);
    const valid = objects.filter((o) => encodes(o));
    expect(valid.length).toBeGreaterThan(RUNS / 4);
    expect(new Set(valid.map((o) => (o as TlObject)._)).size).toBeGreaterThan(20);
    const refused = objects.filter((o) => !encodes(o));
    expect(refused.length).toBeGreaterThan(RUNS / 4);
    expect(refused.filter((o) => encodes(o, secretTlSchema)).length).toBeGreaterThan(RUNS / 100);
  });

  it('api.decode: valid API bytes, bytes it refuses, and secret-layer bytes', () => {
    const bytes = argsOf('api.decode').map((a) => fromHex(String(a.bytes)));
    const api = bytes.map((b) => decodeTl(b, { schema: apiTlSchema }).ok);
    const secret = bytes.map((b) => decodeTl(b, { schema: secretTlSchema }).ok);
    expect(api.filter(Boolean).length).toBeGreaterThan(RUNS / 5);
    expect(api.filter((ok) => !ok).length).toBeGreaterThan(RUNS / 5);
    expect(secret.filter((ok, i) => ok && !api[i]).length).toBeGreaterThan(RUNS / 100);
  });

  it('tl.encode and tl.decode meet API objects and bytes, which the secret layer refuses', () => {
    const objects = argsOf('tl.encode').map((a) => a.object);
    expect(objects.filter((o) => encodes(o) && !encodes(o, secretTlSchema)).length).toBeGreaterThan(0);
    const bytes = argsOf('tl.decode').map((a) => fromHex(String(a.bytes)));
    expect(
      bytes.filter((b) => decodeTl(b, { schema: apiTlSchema }).ok && !decodeTl(b).ok).length,
    ).toBeGreaterThan(0);
  });
});
