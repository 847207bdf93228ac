// dh.key on OpenSSL (dh-key.ts) against @conform/reference (R4.7): the same key and fingerprint
// for random secrets and public values, and the same answer — key or error code — through the
// op for every input OpenSSL refuses or is not asked about (public 0, 1, p − 1, p and beyond,
// secret 0 or 1, a p with leading zero bytes, an even p).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { handleRequest as referenceHandle } from '@conform/impl-reference';
import { computeDhKey as referenceDhKey } from '@conform/reference';
import { describe, expect, it } from 'vitest';
import { computeDhKey } from '../src/dh-key.js';
import { handleRequest } from '../src/line.js';
import { chooseSeed, fromHex, seeded, toHex } from './support/seed.js';

const seed = chooseSeed();

/** The safe primes the dh.key vectors use (Telegram's among them). */
const primes: string[] = (() => {
  const file = join(import.meta.dirname, '../../../packages/vectors/testvectors_v1/dh_test.json');
  const vectors = JSON.parse(readFileSync(file, 'utf8')) as {
    testGroups: { op: string; tests: { p?: string }[] }[];
  };
  const found = vectors.testGroups
    .filter((g) => g.op === 'dh.key')
    .flatMap((g) => g.tests.map((t) => t.p))
    .filter((p): p is string => typeof p === 'string');
  return [...new Set(found)];
})();

const big = (bytes: Uint8Array): bigint => (bytes.length === 0 ? 0n : BigInt(`0x${toHex(bytes)}`));
const bytesOf = (n: bigint, length: number): string => n.toString(16).padStart(2 * length, '0');

describe('dh.key on OpenSSL (R4.7)', () => {
  it('the vectors give at least one 2048-bit prime to work with', () => {
    expect(primes.length).toBeGreaterThan(0);
    for (const p of primes) expect(p).toHaveLength(512);
  });

  it('equals the reference for random secrets and public values under the vectors’ primes', () => {
    const cases = fc.record({
      p: fc.constantFrom(...primes),
      secret: fc.uint8Array({ minLength: 256, maxLength: 256 }),
      peer: fc.uint8Array({ minLength: 1, maxLength: 255 }), // < p: fewer bytes than a 2048-bit p
    });
    fc.assert(
      fc.property(cases, ({ p, secret, peer }) => {
        fc.pre(big(secret) >= 2n && big(peer) >= 2n);
        const fast = computeDhKey(fromHex(p), peer, secret);
        expect(fast, 'OpenSSL answers a well-formed input itself').toBeDefined();
        const reference = referenceDhKey(fromHex(p), peer, secret);
        expect(toHex(fast!.key)).toBe(toHex(reference.key));
        expect(toHex(fast!.fingerprint)).toBe(toHex(reference.fingerprint));
      }),
      seeded(seed, 8),
    );
  });

  it('equals the reference under random odd 2048-bit moduli (prime or not)', () => {
    const cases = fc.record({
      p: fc.uint8Array({ minLength: 256, maxLength: 256 }).map((bytes) => {
        const p = bytes.slice();
        p[0] = p[0]! | 0x80; // 2048 bits
        p[255] = p[255]! | 1; // odd
        return p;
      }),
      secret: fc.uint8Array({ minLength: 256, maxLength: 256 }),
      peer: fc.uint8Array({ minLength: 1, maxLength: 200 }),
    });
    fc.assert(
      fc.property(cases, ({ p, secret, peer }) => {
        fc.pre(big(secret) >= 2n && big(peer) >= 2n);
        const fast = computeDhKey(p, peer, secret);
        expect(fast).toBeDefined();
        expect(toHex(fast!.key)).toBe(toHex(referenceDhKey(p, peer, secret).key));
      }),
      seeded(seed, 4),
    );
  });

  describe('inputs OpenSSL refuses or is not asked about: the reference answers', () => {
    const p = primes[0]!;
    const n = big(fromHex(p));
    const two = bytesOf(2n, 256);
    const secret = 'a5'.repeat(256);
    const smallP = bytesOf(23n, 256); // a prime with leading zero bytes
    const evenP = `${'c7'.repeat(255)}fe`;
    const cases: [string, { p: string; public: string; secret: string }][] = [
      ['public empty (0)', { p, public: '', secret }],
      ['public 00', { p, public: '00', secret }],
      ['public 1', { p, public: '01', secret }],
      ['public 2', { p, public: '02', secret }],
      ['public 2 with leading zero bytes', { p, public: two, secret }],
      ['public p − 2', { p, public: bytesOf(n - 2n, 256), secret }],
      ['public p − 1', { p, public: bytesOf(n - 1n, 256), secret }],
      ['public p', { p, public: p, secret }],
      ['public p + 1', { p, public: bytesOf(n + 1n, 256), secret }],
      ['public of 300 bytes', { p, public: 'ff'.repeat(300), secret }],
      ['public of 256 bytes of ff (above p)', { p, public: 'ff'.repeat(256), secret }],
      ['public above the last prime', { p: primes.at(-1)!, public: 'ff'.repeat(256), secret }],
      ['public of 300 bytes, leading zeros, small value', { p, public: `${'00'.repeat(299)}05`, secret }],
      ['secret 0', { p, public: '05', secret: '00'.repeat(256) }],
      ['secret 1', { p, public: '05', secret: bytesOf(1n, 256) }],
      ['secret 2', { p, public: '05', secret: bytesOf(2n, 256) }],
      ['p with leading zero bytes', { p: smallP, public: '05', secret }],
      ['an even p', { p: evenP, public: '05', secret }],
      ['p of zeros', { p: '00'.repeat(256), public: '05', secret }],
    ];
    it.each(cases)('%s', (_title, args) => {
      const request = { id: 1, op: 'dh.key', ...args };
      const fast = handleRequest(request) as Record<string, unknown>;
      const reference = referenceHandle(request) as Record<string, unknown>;
      const view = (r: Record<string, unknown>) =>
        r['ok']
          ? { ok: true, key: r['key'], fingerprint: r['fingerprint'] }
          : { ok: false, error: r['error'] };
      expect(view(fast)).toEqual(view(reference));
    });

    it('hands small, even or degenerate inputs to the reference instead of OpenSSL', () => {
      const s = fromHex(secret);
      expect(computeDhKey(fromHex(smallP), fromHex('05'), s)).toBeUndefined();
      expect(computeDhKey(fromHex(evenP), fromHex('05'), s)).toBeUndefined();
      expect(computeDhKey(fromHex(p), fromHex('05'), fromHex(bytesOf(1n, 256)))).toBeUndefined();
      expect(computeDhKey(fromHex(p), fromHex('01'), s)).toBeUndefined();
      expect(computeDhKey(fromHex(p), fromHex(bytesOf(n - 1n, 256)), s)).toBeUndefined();
      expect(computeDhKey(fromHex(p), fromHex('05'), s)).toBeDefined();
    });
  });
});
