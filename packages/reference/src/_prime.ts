// Primality for R4.2 step 3 (p and (p−1)/2 must both be prime). Deterministic — no ambient
// randomness (docs/design.md, "The reference package") — yet not fooled by crafted composites:
//   1. trial division by the primes below 1000 (cheap rejection of most composites);
//   2. Miller–Rabin with bases derived from n itself: base_i = 2 + (H_i mod (n − 3)), where H_i is
//      the concatenation of SHA-256(n ‖ counter) blocks, wide enough (len(n) + 16 bytes) that the
//      reduction into [2, n − 2] is close to uniform.
// Fixed, public bases can be defeated by composites built for them ("Prime and Prejudice",
// Albrecht et al., CCS 2018). Here the bases change with every bit of n, so a forger must search
// for an n whose own 40 derived bases are all liars: each base is a liar with probability ≤ 1/4,
// giving ≤ 2^−80 per candidate. D-sec says 15 rounds are acceptable (R4.2); we use 40 because the
// prime comes from the network and the harness also plays the role of a hostile server.
//
// Safe primes: once q = (p − 1)/2 is known prime, p itself needs no Miller–Rabin. Pocklington's
// criterion with a = 2 (q prime, q > √p − 1, 2^(p−1) ≡ 1 mod p, gcd(2^2 − 1, p) = 1) proves p
// prime, and every prime p satisfies it — one exponentiation instead of 40.
//
// Verdicts are memoized by the hex of p (R4.2: results may be cached; TDLib caches good and bad
// primes through DhCallback). The cache is bounded; the oldest entry is evicted first.
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from './_bytes.js';
import { bigIntToBytes, bytesToBigInt, modPow } from './_bigint.js';

/** Miller–Rabin rounds (R4.2: docs accept 15; see above). */
export const MILLER_RABIN_ROUNDS = 40;

/** What R4.2 step 3 concludes about p, in TDLib's order: p prime first, then (p − 1)/2. */
export type SafePrimeVerdict = 'safe_prime' | 'not_prime' | 'not_safe_prime';

const CACHE_LIMIT = 64;
const cache = new Map<string, SafePrimeVerdict>();

const SMALL_PRIMES: readonly bigint[] = sieve(1000);

/** Classifies p as a safe prime, a prime that is not safe, or not a prime. Memoized. */
export function classifySafePrime(p: bigint): SafePrimeVerdict {
  const keyHex = p.toString(16);
  const cached = cache.get(keyHex);
  if (cached !== undefined) return cached;
  const verdict = computeSafePrimeVerdict(p);
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(keyHex, verdict);
  return verdict;
}

/** Empties the memo cache (tests use it to time cold checks). */
export function clearPrimeCache(): void {
  cache.clear();
}

function computeSafePrimeVerdict(p: bigint): SafePrimeVerdict {
  const q = (p - 1n) >> 1n;
  if (p > 3n && (p & 1n) === 1n && isProbablePrime(q)) {
    // Pocklington, a = 2: decides p exactly given q prime (gcd(3, p) = 1 checked directly).
    return p % 3n !== 0n && modPow(2n, p - 1n, p) === 1n ? 'safe_prime' : 'not_prime';
  }
  return isProbablePrime(p) ? 'not_safe_prime' : 'not_prime';
}

/** True iff `n` is (with overwhelming probability) prime. Not memoized. */
export function isProbablePrime(n: bigint): boolean {
  if (n < 2n) return false;
  for (const p of SMALL_PRIMES) {
    if (n === p) return true;
    if (n % p === 0n) return false;
  }
  // Here n > 1000 and odd. Write n − 1 = d · 2^s with d odd.
  const nMinus1 = n - 1n;
  let d = nMinus1;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  const bases = derivedBases(n);
  for (let round = 0; round < MILLER_RABIN_ROUNDS; round++) {
    let x = modPow(bases(), d, n);
    if (x === 1n || x === nMinus1) continue;
    let witness = true;
    for (let i = 1; i < s; i++) {
      x = (x * x) % n;
      if (x === nMinus1) {
        witness = false;
        break;
      }
    }
    if (witness) return false;
  }
  return true;
}

// Yields successive bases in [2, n − 2] from SHA-256(n ‖ counter), counter a 4-byte big-endian
// integer incremented per 32-byte block.
function derivedBases(n: bigint): () => bigint {
  const nBytes = bigIntToBytes(n, Math.ceil(n.toString(16).length / 2));
  const blocksPerBase = Math.ceil((nBytes.length + 16) / 32);
  let counter = 0;
  return () => {
    const blocks: Uint8Array[] = [];
    for (let i = 0; i < blocksPerBase; i++) {
      const c = new Uint8Array([
        counter >>> 24,
        (counter >>> 16) & 0xff,
        (counter >>> 8) & 0xff,
        counter & 0xff,
      ]);
      blocks.push(sha256(concatBytes(nBytes, c)));
      counter++;
    }
    return 2n + (bytesToBigInt(concatBytes(...blocks)) % (n - 3n));
  };
}

function sieve(limit: number): bigint[] {
  const composite = new Uint8Array(limit);
  const primes: bigint[] = [];
  for (let i = 2; i < limit; i++) {
    if (composite[i] === 1) continue;
    primes.push(BigInt(i));
    for (let j = i * i; j < limit; j += i) composite[j] = 1;
  }
  return primes;
}
