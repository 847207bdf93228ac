// Every property test prints its seed and honours FC_SEED, so any failure can be replayed:
//   FC_SEED=123 npx vitest run <file>
export function propertySeed(label: string): number {
  const fromEnv = process.env.FC_SEED;
  const seed =
    fromEnv !== undefined && fromEnv !== '' ? Number(fromEnv) : Math.floor(Math.random() * 2 ** 31);
  console.log(`[fast-check] ${label}: seed=${seed} (replay with FC_SEED=${seed})`);
  return seed;
}

/** At least `floor` runs, more when FC_NUM_RUNS asks for more. */
export function propertyRuns(floor: number): number {
  return Math.max(floor, Number(process.env.FC_NUM_RUNS ?? 0) || 0);
}
