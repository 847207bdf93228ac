// Deterministic inputs for the generator: every random byte comes from SHA-256 in counter mode
// over a fixed seed and a label, so regenerating gives the same bytes on any machine.
import { createHash } from 'node:crypto';

export const GENERATOR_SEED = 'conform-vectors-v1';

export interface GenerationContext {
  /** A deterministic byte source for one purpose; the same label always yields the same stream. */
  rng(label: string): (length: number) => Uint8Array;
}

export function createContext(seed: string = GENERATOR_SEED): GenerationContext {
  return {
    rng(label: string) {
      let counter = 0;
      let pool = new Uint8Array(0);
      return (length: number) => {
        while (pool.length < length) {
          const block = createHash('sha256').update(`${seed}\u0000${label}\u0000${counter++}`).digest();
          const next = new Uint8Array(pool.length + block.length);
          next.set(pool);
          next.set(block, pool.length);
          pool = next;
        }
        const out = pool.slice(0, length);
        pool = pool.slice(length);
        return out;
      };
    },
  };
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || /[^0-9a-f]/i.test(hex))
    throw new TypeError(`not a hex string: ${hex.slice(0, 32)}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
