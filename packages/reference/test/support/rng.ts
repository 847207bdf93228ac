// A deterministic Rng for tests: SHA-256 in counter mode over a seed. Not the reference's code.
import { createHash } from 'node:crypto';

export function seededRng(seed: string | number): (length: number) => Uint8Array {
  let counter = 0;
  let pool = new Uint8Array(0);
  return (length: number) => {
    while (pool.length < length) {
      const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      const next = new Uint8Array(pool.length + block.length);
      next.set(pool);
      next.set(block, pool.length);
      pool = next;
    }
    const out = pool.slice(0, length);
    pool = pool.slice(length);
    return out;
  };
}
