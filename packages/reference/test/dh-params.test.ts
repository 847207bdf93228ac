// R4.2: validation of (p, g) — size, g range and residue rule, p prime, (p − 1)/2 prime, in that
// order. Primality facts are confirmed with node:crypto (OpenSSL), never with the reference.
import { checkPrimeSync, generatePrimeSync, getDiffieHellman } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clearPrimeCache } from '../src/_prime.js';
import { checkDhParams } from '../src/dh-params.js';
import { fromHex } from './support/hex.js';
import { loadKnownAnswers } from '@conform/known-answers';

const official = loadKnownAnswers('dh-official-sample.json');

// A 2048-bit safe prime generated once with node:crypto generatePrimeSync(2048, { safe: true })
// (OpenSSL 3.0.19) for this test, because it fails the g = 7 rule (p mod 7 = 4), which neither the
// official prime nor RFC 3526's has. Its primality is re-checked below with checkPrimeSync.
const GENERATED_SAFE_PRIME_HEX =
  'ce9f5ed6d3de167b948941b8b41ab68932b0a03e3ae48a11e83962cb6c35af2c' +
  '38854996d077681ca27015f2f17c8406e0abb5f57200f7dffb451f67e91613d2' +
  '0e58c1124f2d5a543382951dc0fbc82eef7fa772d05c0393904f672af6b30aae' +
  '04a4bf44608ff05514895b911d50abfa0e9beb8d3d74383ab27a324509717356' +
  '81a2b0678dce6622153ec84891a9c4216654e13835a7c5d2c990aa59fe2fb825' +
  '0fec00d9cedc1eb1ad165590f543b2179df09079087ea7abedee654012e29ce1' +
  'a4711e0d721c17cd39e1e00bb89441403a6371f92398917e2ec9b0ef9a944b81' +
  '53571283092b982bb0dd0beb9b2d865c4dedbb0e59fb0308412617e9dd1326bb';

// Three safe primes with different residues (p mod 8, 5, 7): official 3/3/6, RFC 3526 group 14
// (OpenSSL's built-in "modp14") 7/4/5, generated 3/4/4.
const SAFE_PRIMES: Record<string, bigint> = {
  'official (§9.1)': hexToBigInt(official.p),
  'RFC 3526 modp14': hexToBigInt(getDiffieHellman('modp14').getPrime('hex')),
  generated: hexToBigInt(GENERATED_SAFE_PRIME_HEX),
};

// R4.2 step 2, restated from the spec table (the model the reference must agree with).
const RESIDUE_RULE: Record<number, (p: bigint) => boolean> = {
  2: (p) => p % 8n === 7n,
  3: (p) => p % 3n === 2n,
  4: () => true,
  5: (p) => [1n, 4n].includes(p % 5n),
  6: (p) => [19n, 23n].includes(p % 24n),
  7: (p) => [3n, 5n, 6n].includes(p % 7n),
};

describe('R4.2 test data is what it claims (node:crypto checkPrimeSync)', () => {
  for (const [name, p] of Object.entries(SAFE_PRIMES)) {
    it(`${name} is a 2048-bit safe prime`, () => {
      expect(p.toString(2)).toHaveLength(2048);
      expect(checkPrimeSync(p, { checks: 40 })).toBe(true);
      expect(checkPrimeSync((p - 1n) / 2n, { checks: 40 })).toBe(true);
    });
  }
});

describe('R4.2 step 2: g ∈ 2..7 accepted exactly when the residue rule holds (safe primes)', () => {
  for (const [name, p] of Object.entries(SAFE_PRIMES)) {
    for (let g = 2; g <= 7; g++) {
      const passes = RESIDUE_RULE[g]!(p);
      it(`${name}, g = ${g}: ${passes ? 'ok' : "'g_residue'"}`, () => {
        expect(checkDhParams(bytes(p), g)).toEqual(
          passes ? { ok: true } : { ok: false, reason: 'g_residue' },
        );
      });
    }
  }

  it('every g in 2..7 has both an accepting and a rejecting safe prime, except g = 3 and 4', () => {
    // For a safe prime p > 7, p mod 3 = 2 and g = 4 is a square, so only a non-safe p can fail them.
    for (let g = 2; g <= 7; g++) {
      const outcomes = new Set(Object.values(SAFE_PRIMES).map((p) => RESIDUE_RULE[g]!(p)));
      expect(outcomes.size, `g = ${g}`).toBe(g === 3 || g === 4 ? 1 : 2);
    }
  });

  it('for all 840 residues mod lcm(8, 3, 5, 7) and g in 2..7: g_residue iff the rule fails', () => {
    // n = X + r ≡ r (mod 840), shifted by multiples of 840 until 11 | n: always composite, so a
    // passing residue must fall through to 'p_not_prime' (residue is checked before primality).
    const x = (1n << 2047n) + 840n * 12345n;
    for (let r = 0n; r < 840n; r++) {
      let n = x - (x % 840n) + r;
      while (n % 11n !== 0n) n += 840n;
      for (let g = 2; g <= 7; g++) {
        const expected = RESIDUE_RULE[g]!(n) ? 'p_not_prime' : 'g_residue';
        expect(checkDhParams(bytes(n), g), `r = ${r}, g = ${g}`).toEqual({ ok: false, reason: expected });
      }
    }
  });
});

describe('R4.2 negatives', () => {
  const p = SAFE_PRIMES['official (§9.1)']!;

  it("a 2047-bit prime is 'p_size' (256 bytes with top bit clear, and its 255-byte form)", () => {
    const small = generatePrimeSync(2047, { bigint: true });
    expect(small.toString(2)).toHaveLength(2047);
    expect(checkDhParams(bytes(small, 256), 4)).toEqual({ ok: false, reason: 'p_size' });
    expect(checkDhParams(bytes(small, 255), 4)).toEqual({ ok: false, reason: 'p_size' });
  });

  it("a 2049-bit number (257 bytes) is 'p_size'", () => {
    expect(checkDhParams(bytes((1n << 2048n) + 7n, 257), 4)).toEqual({ ok: false, reason: 'p_size' });
  });

  it("the valid official p zero-padded to 257 bytes is 'p_size' (the wire form is checked)", () => {
    expect(checkDhParams(bytes(p, 257), 3)).toEqual({ ok: false, reason: 'p_size' });
  });

  it("an empty p and 256 zero bytes are 'p_size'", () => {
    expect(checkDhParams(new Uint8Array(0), 3)).toEqual({ ok: false, reason: 'p_size' });
    expect(checkDhParams(new Uint8Array(256), 3)).toEqual({ ok: false, reason: 'p_size' });
  });

  it("g outside 2..7 is 'g_range' (0, 1, 8, −1, 2^31 − 1)", () => {
    for (const g of [0, 1, 8, -1, 0x7fffffff]) {
      expect(checkDhParams(bytes(p), g), `g = ${g}`).toEqual({ ok: false, reason: 'g_range' });
    }
  });

  it("order: 'p_size' is reported before 'g_range'", () => {
    expect(checkDhParams(bytes(p, 257), 9)).toEqual({ ok: false, reason: 'p_size' });
  });

  it("a 2048-bit prime that is not a safe prime is 'p_not_safe_prime'", () => {
    let q: bigint;
    do q = generatePrimeSync(2048, { bigint: true });
    while (q.toString(2).length !== 2048 || checkPrimeSync((q - 1n) / 2n));
    expect(checkPrimeSync(q, { checks: 40 })).toBe(true);
    expect(checkDhParams(bytes(q), 4)).toEqual({ ok: false, reason: 'p_not_safe_prime' });
  });

  it("a non-safe prime failing its g's residue rule is 'g_residue' (residue before primality)", () => {
    let q: bigint;
    do q = generatePrimeSync(2048, { bigint: true });
    while (q.toString(2).length !== 2048 || q % 3n !== 1n);
    expect(checkDhParams(bytes(q), 3)).toEqual({ ok: false, reason: 'g_residue' });
  });

  it("p + 2 (odd, 2048 bits, composite) with g = 4 is 'p_not_prime'", () => {
    expect(checkPrimeSync(p + 2n, { checks: 40 })).toBe(false);
    expect(checkDhParams(bytes(p + 2n), 4)).toEqual({ ok: false, reason: 'p_not_prime' });
  });

  it("a product of two 1024-bit primes (no small factors) is 'p_not_prime'", () => {
    let n: bigint;
    do n = generatePrimeSync(1024, { bigint: true }) * generatePrimeSync(1024, { bigint: true });
    while (n.toString(2).length !== 2048);
    expect(checkDhParams(bytes(n), 4)).toEqual({ ok: false, reason: 'p_not_prime' });
  });

  it("2q + 1 with q prime but 2q + 1 composite is 'p_not_prime' (p is judged before (p − 1)/2)", () => {
    let q: bigint;
    do q = generatePrimeSync(2047, { bigint: true });
    while (checkPrimeSync(2n * q + 1n));
    expect(checkDhParams(bytes(2n * q + 1n), 4)).toEqual({ ok: false, reason: 'p_not_prime' });
  });

  it('the primality verdict is memoized: a repeated check is fast, and a cold one is timed', () => {
    clearPrimeCache();
    const t0 = performance.now();
    expect(checkDhParams(bytes(p), 3)).toEqual({ ok: true });
    const cold = performance.now() - t0;
    const t1 = performance.now();
    expect(checkDhParams(bytes(p), 3)).toEqual({ ok: true });
    const warm = performance.now() - t1;
    console.log(
      `[timing] checkDhParams(official p, 3): cold ${cold.toFixed(0)} ms, cached ${warm.toFixed(2)} ms`,
    );
    expect(warm).toBeLessThan(cold);
  });
});

describe('checkDhParams misuse throws, naming the argument', () => {
  const p = bytes(SAFE_PRIMES['official (§9.1)']!);
  it('p not a Uint8Array → TypeError', () => {
    expect(() => checkDhParams(Array.from(p) as unknown as Uint8Array, 3)).toThrow(TypeError);
    expect(() => checkDhParams('c71c' as unknown as Uint8Array, 3)).toThrow(
      /"p" expected Uint8Array, got string/,
    );
  });
  it('g not an integer → TypeError; g outside int32 → RangeError', () => {
    expect(() => checkDhParams(p, 3.5)).toThrow(TypeError);
    expect(() => checkDhParams(p, '3' as unknown as number)).toThrow(/"g" expected integer/);
    expect(() => checkDhParams(p, Number.NaN)).toThrow(TypeError);
    expect(() => checkDhParams(p, 2 ** 31)).toThrow(RangeError);
    expect(() => checkDhParams(p, 2 ** 31)).toThrow(/"g"/);
  });
});

function hexToBigInt(hex: string): bigint {
  return BigInt('0x' + hex);
}

function bytes(n: bigint, length = 256): Uint8Array {
  return fromHex(n.toString(16).padStart(2 * length, '0'));
}
