// Every property test prints its seed and honours FC_SEED, so any failure can be replayed:
//   FC_SEED=123 npx vitest run <file>
import { expect } from 'vitest';

/** A seed for a whole file: FC_SEED when set, else a random one (printed by the callers below). */
export function chooseSeed(): number {
  const fromEnv = process.env.FC_SEED;
  return fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31);
}

/** At least `floor` runs, more when FC_NUM_RUNS asks for more. */
export function propertyRuns(floor: number): number {
  return Math.max(floor, Number(process.env.FC_NUM_RUNS ?? 0) || 0);
}

/** Chooses and prints a seed for one labelled property. */
export function propertySeed(label: string): number {
  const seed = chooseSeed();
  console.log(`[fast-check] ${label}: seed=${seed} (replay with FC_SEED=${seed})`);
  return seed;
}

/** fast-check parameters for the running test, printed with its name so a failure can be replayed. */
export function seededParams(seed: number, numRuns: number): { seed: number; numRuns: number } {
  console.log(
    `[fast-check] ${expect.getState().currentTestName}: seed=${seed} numRuns=${numRuns} (replay with FC_SEED=${seed})`,
  );
  return { seed, numRuns };
}
