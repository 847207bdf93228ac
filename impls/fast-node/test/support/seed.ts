// Every property test prints its seed and honours FC_SEED, so any failure can be replayed:
//   FC_SEED=123 npx vitest run <file>          (FC_NUM_RUNS=<n> runs more cases)
import { expect } from 'vitest';

/** FC_SEED when set, else a random seed; the same for every property of a file. */
export function chooseSeed(): number {
  const fromEnv = process.env['FC_SEED'];
  return fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31);
}

/** fast-check parameters: at least `floor` runs (more with FC_NUM_RUNS), the seed printed with the test's name. */
export function seeded(seed: number, floor: number): { seed: number; numRuns: number } {
  const numRuns = Math.max(floor, Number(process.env['FC_NUM_RUNS'] ?? 0) || 0);
  console.log(
    `[fast-check] ${expect.getState().currentTestName}: seed=${seed} numRuns=${numRuns} (replay with FC_SEED=${seed})`,
  );
  return { seed, numRuns };
}

export const toHex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

export const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
