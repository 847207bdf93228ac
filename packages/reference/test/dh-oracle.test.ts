// Differential tests of the DH arithmetic (R4.5, R4.7) and of the primality helper (R4.2) against
// node:crypto (OpenSSL), an implementation that shares no code with the reference.
import {
  checkPrimeSync,
  createDiffieHellman,
  createHash,
  getDiffieHellman,
  type DiffieHellman,
} from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modPow } from '../src/_bigint.js';
import { classifySafePrime, isProbablePrime } from '../src/_prime.js';
import { computeDhKey, computeDhPublic } from '../src/dh.js';
import { fromHex, toHex } from './support/hex.js';
import { loadKnownAnswers } from '@conform/known-answers';
import { propertyRuns, propertySeed } from './support/seed.js';

const official = loadKnownAnswers('dh-official-sample.json');

// Valid generators per R4.2 for each prime (official p: 3, 4, 7; RFC 3526 modp14: all of 2..7).
const GROUPS = [
  { name: 'official §9.1', p: fromHex(official.p), generators: [3, 4, 7] },
  {
    name: 'RFC 3526 modp14',
    p: new Uint8Array(getDiffieHellman('modp14').getPrime()),
    generators: [2, 3, 4, 5, 6, 7],
  },
];

const secretArb = fc
  .uint8Array({ minLength: 256, maxLength: 256 })
  .filter((s) => s.some((b, i) => (i < 255 ? b !== 0 : b > 1)));

const groupArb = fc
  .constantFrom(...GROUPS)
  .chain((group) => fc.record({ group: fc.constant(group), g: fc.constantFrom(...group.generators) }));

// createDiffieHellman runs OpenSSL's DH_check (~0.3 s), so one object per (p, g) is reused.
const nodeGroups = new Map<string, DiffieHellman>();

function nodeDh(p: Uint8Array, g: number, secret: Uint8Array) {
  const id = `${toHex(p)}/${g}`;
  let dh = nodeGroups.get(id);
  if (dh === undefined) {
    dh = createDiffieHellman(p, Uint8Array.of(g));
    nodeGroups.set(id, dh);
  }
  dh.setPrivateKey(secret);
  // With a private key set, generateKeys() keeps it and computes g^secret mod p (OpenSSL 3).
  const publicKey = new Uint8Array(dh.generateKeys());
  return { publicKey, computeSecret: (peer: Uint8Array) => new Uint8Array(dh.computeSecret(peer)), dh };
}

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + toHex(bytes));
}

describe('computeDhPublic / computeDhKey agree with node:crypto DiffieHellman', () => {
  it('node keeps a private key set with setPrivateKey when generateKeys() is called', () => {
    const secret = new Uint8Array(256).fill(0x5a);
    const { dh } = nodeDh(GROUPS[0]!.p, 3, secret);
    expect(toHex(dh.getPrivateKey())).toBe(toHex(secret));
  });

  it('R4.5 + R4.7: random secrets, both primes, every valid g (≥ 200 runs)', () => {
    const seed = propertySeed('computeDhPublic/computeDhKey vs node:crypto');
    fc.assert(
      fc.property(groupArb, secretArb, secretArb, ({ group, g }, a, b) => {
        // The peer's public value comes from node; the key must match node's computeSecret.
        const peer = nodeDh(group.p, g, b).publicKey;
        const theirs = nodeDh(group.p, g, a);
        const ours = computeDhPublic(group.p, g, a);
        expect(ours).toHaveLength(256);
        expect(toBigInt(ours)).toBe(toBigInt(theirs.publicKey));
        const { key, fingerprint } = computeDhKey(group.p, peer, a);
        expect(key).toHaveLength(256);
        expect(toBigInt(key)).toBe(toBigInt(theirs.computeSecret(peer)));
        expect(toHex(fingerprint)).toBe(createHash('sha1').update(key).digest('hex').slice(24));
      }),
      { seed, numRuns: propertyRuns(200) },
    );
  });

  it('R4.7: both sides derive the same key (20 runs)', () => {
    const seed = propertySeed('computeDhKey symmetry');
    fc.assert(
      fc.property(groupArb, secretArb, secretArb, ({ group, g }, a, b) => {
        const ga = computeDhPublic(group.p, g, a);
        const gb = computeDhPublic(group.p, g, b);
        expect(toHex(computeDhKey(group.p, gb, a).key)).toBe(toHex(computeDhKey(group.p, ga, b).key));
      }),
      { seed, numRuns: propertyRuns(20) },
    );
  });

  it('R4.7: a numerically short key is left-padded to 256 bytes (key = (2^1000 + 1)^2 < 2^2001)', () => {
    const p = GROUPS[0]!.p;
    const secret = new Uint8Array(256);
    secret[255] = 2;
    const peer = fromHex(((1n << 1000n) + 1n).toString(16).padStart(252, '0'));
    const { key } = computeDhKey(p, peer, secret);
    expect(key).toHaveLength(256);
    expect(toHex(key.subarray(0, 5))).toBe('0000000000');
    expect(toBigInt(key)).toBe(((1n << 1000n) + 1n) ** 2n);
    expect(toBigInt(nodeDh(p, 3, secret).computeSecret(peer))).toBe(toBigInt(key));
  });

  it('R4.7 encoding: a short public value g^1000 = 2^1000 (modp14, g = 2) is left-padded', () => {
    const secret = fromHex((1000).toString(16).padStart(512, '0'));
    const ours = computeDhPublic(GROUPS[1]!.p, 2, secret);
    expect(toBigInt(ours)).toBe(1n << 1000n);
    expect(toBigInt(nodeDh(GROUPS[1]!.p, 2, secret).publicKey)).toBe(1n << 1000n);
  });
});

describe('internal arithmetic against independent oracles', () => {
  it('modPow matches a naive square-and-multiply on random operands (incl. 0, 1, even moduli)', () => {
    const seed = propertySeed('modPow vs naive');
    const naive = (b: bigint, e: bigint, m: bigint): bigint => {
      let r = 1n % m;
      b %= m;
      for (; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
      return r;
    };
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 600n) - 1n }),
        fc.bigInt({ min: 0n, max: (1n << 300n) - 1n }),
        fc.bigInt({ min: 1n, max: (1n << 520n) - 1n }),
        (b, e, m) => {
          expect(modPow(b, e, m)).toBe(naive(b, e, m));
        },
      ),
      { seed, numRuns: propertyRuns(300) },
    );
  });

  it('modPow: a 2048-bit exponentiation takes a few to tens of ms (timed)', () => {
    const p = toBigInt(GROUPS[0]!.p);
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const e = p - 2n - BigInt(i) * 7919n;
      const t = performance.now();
      modPow(3n, e, p);
      times.push(performance.now() - t);
    }
    times.sort((x, y) => x - y);
    console.log(
      `[timing] modPow 2048-bit: median ${times[7]!.toFixed(1)} ms, min ${times[0]!.toFixed(1)} ms`,
    );
    expect(times[7]!).toBeLessThan(250);
  });

  it('isProbablePrime agrees with checkPrimeSync on random odd numbers of 16..512 bits', () => {
    const seed = propertySeed('isProbablePrime vs checkPrimeSync');
    const odd = fc
      .integer({ min: 16, max: 512 })
      .chain((bits) => fc.bigInt({ min: 1n << BigInt(bits - 1), max: (1n << BigInt(bits)) - 1n }))
      .map((n) => n | 1n);
    fc.assert(
      fc.property(odd, (n) => {
        expect(isProbablePrime(n)).toBe(checkPrimeSync(n, { checks: 40 }));
      }),
      { seed, numRuns: propertyRuns(300) },
    );
  });

  it('isProbablePrime: small cases, Carmichael numbers and strong pseudoprimes to bases 2..13', () => {
    for (const [n, prime] of [
      [0n, false],
      [1n, false],
      [2n, true],
      [3n, true],
      [4n, false],
      [997n, true],
      [1009n, true],
      [561n, false],
      [41041n, false],
      [3215031751n, false],
      [3825123056546413051n, false],
      [(1n << 127n) - 1n, true],
      [(1n << 127n) + 1n, false],
    ] as const) {
      expect(isProbablePrime(n), String(n)).toBe(prime);
    }
  });

  it('classifySafePrime agrees with checkPrimeSync on small safe, non-safe and composite numbers', () => {
    for (let n = 5n; n < 3000n; n += 2n) {
      const prime = checkPrimeSync(n);
      const safe = prime && checkPrimeSync((n - 1n) / 2n);
      expect(classifySafePrime(n), String(n)).toBe(
        safe ? 'safe_prime' : prime ? 'not_safe_prime' : 'not_prime',
      );
    }
  });
});

describe('computeDhPublic / computeDhKey misuse throws, naming the argument', () => {
  const p = GROUPS[0]!.p;
  const secret = new Uint8Array(256).fill(9);
  const peer = computeDhPublic(p, 3, secret);
  const cases: [string, () => unknown, RegExp, ErrorConstructor][] = [
    [
      'p short',
      () => computeDhPublic(p.subarray(1), 3, secret),
      /"p" expected Uint8Array of length 256, got length=255/,
      RangeError,
    ],
    [
      'p not bytes',
      () => computeDhPublic('p' as unknown as Uint8Array, 3, secret),
      /"p" expected Uint8Array/,
      TypeError,
    ],
    ['g fractional', () => computeDhPublic(p, 2.5, secret), /"g" expected integer/, TypeError],
    ['g = 1', () => computeDhPublic(p, 1, secret), /"g" expected integer in \[2, /, RangeError],
    [
      'secret short',
      () => computeDhPublic(p, 3, secret.subarray(1)),
      /"secret" expected Uint8Array of length 256, got length=255/,
      RangeError,
    ],
    [
      'secret = 0',
      () => computeDhPublic(p, 3, new Uint8Array(256)),
      /"secret" expected a value ≥ 2, got 0/,
      RangeError,
    ],
    [
      'secret = 1',
      () => computeDhKey(p, peer, fromHex('01'.padStart(512, '0'))),
      /"secret" expected a value ≥ 2, got 1/,
      RangeError,
    ],
    [
      'secret not bytes',
      () => computeDhKey(p, peer, [1] as unknown as Uint8Array),
      /"secret" expected Uint8Array/,
      TypeError,
    ],
    [
      'key p long',
      () => computeDhKey(new Uint8Array(257), peer, secret),
      /"p" expected Uint8Array of length 256, got length=257/,
      RangeError,
    ],
    [
      'peerPublic not bytes',
      () => computeDhKey(p, 5n as unknown as Uint8Array, secret),
      /"peerPublic" expected Uint8Array/,
      TypeError,
    ],
    [
      'peerPublic = 1',
      () => computeDhKey(p, Uint8Array.of(1), secret),
      /"peerPublic" expected a value in \[2, p − 2\]/,
      RangeError,
    ],
    [
      'peerPublic = p − 1',
      () => computeDhKey(p, fromHex((toBigInt(p) - 1n).toString(16)), secret),
      /"peerPublic"/,
      RangeError,
    ],
  ];
  for (const [name, call, message, type] of cases) {
    it(name, () => {
      expect(call).toThrow(type);
      expect(call).toThrow(message);
    });
  }
});
