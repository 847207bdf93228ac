// --compare OLD.json: per implementation (by name) and workload (by id), is the new median slower than
// the old by more than the noise allows? The allowance is max(5 %, the relative interquartile ranges
// of both sample sets added): two runs whose middle halves are that wide cannot tell a smaller
// change from noise. A workload timed before and refused now is a regression too.
import { ConfigError } from '@conform/runner';
import { formatNs, formatNumber } from './format.js';
import type { BenchRecord, WorkloadRecord } from './record.js';
import { relativeIqr, type Figure } from './stats.js';

/** The smallest slowdown ever called a regression. */
export const MIN_REGRESSION = 0.05;

export interface Change {
  readonly implementation: string;
  readonly workload: string;
  /** Which figure was compared (in-process where both runs have it, else round trip). */
  readonly figure: 'in_process' | 'round_trip';
  readonly old_median_ns: number;
  readonly new_median_ns: number;
  /** new / old − 1: positive is slower. */
  readonly change: number;
  /** The slowdown allowed: max(5 %, old relative IQR + new relative IQR). */
  readonly allowance: number;
}

export interface Comparison {
  readonly regressions: readonly Change[];
  readonly improvements: readonly Change[];
  /** Compared and within the allowance. */
  readonly unchanged: number;
  /** Correctness regressions: timed before, refused (wrong answer) now. */
  readonly refusals: readonly { readonly implementation: string; readonly workload: string }[];
  /** Present in one record only, or without a figure both share. */
  readonly notCompared: readonly string[];
  /** Different machines, seeds or budgets: the comparison says less. */
  readonly warnings: readonly string[];
}

/** The allowance for two figures: max(5 %, the sum of their relative interquartile ranges). */
export function allowance(older: Figure, newer: Figure): number {
  return Math.max(MIN_REGRESSION, relativeIqr(older) + relativeIqr(newer));
}

/** Reads and sanity-checks an old record (a usage error if it is not one). */
export function parseRecord(text: string, source: string): BenchRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`--compare: ${source} is not JSON: ${(error as Error).message}`);
  }
  const v = value as Partial<BenchRecord> | null;
  if (typeof v !== 'object' || v === null || v.tool !== 'conform bench' || !Array.isArray(v.implementations))
    throw new ConfigError(`--compare: ${source} is not a conform bench record (no "tool": "conform bench")`);
  return v as BenchRecord;
}

function pickFigures(
  a: WorkloadRecord,
  b: WorkloadRecord,
): ['in_process' | 'round_trip', Figure, Figure] | undefined {
  if (a.in_process !== null && b.in_process !== null) return ['in_process', a.in_process, b.in_process];
  if (a.round_trip !== null && b.round_trip !== null) return ['round_trip', a.round_trip, b.round_trip];
  return undefined;
}

export function compareRecords(older: BenchRecord, newer: BenchRecord): Comparison {
  const regressions: Change[] = [];
  const improvements: Change[] = [];
  const refusals: { implementation: string; workload: string }[] = [];
  const notCompared: string[] = [];
  const warnings: string[] = [];
  let unchanged = 0;
  if (
    older.machine.hostname !== newer.machine.hostname ||
    older.machine.cpu_model !== newer.machine.cpu_model
  )
    warnings.push(
      `different machines (${older.machine.hostname}, ${older.machine.cpu_model} → ${newer.machine.hostname}, ${newer.machine.cpu_model}): compare the ratios to the limit, not the times`,
    );
  if (older.seed !== newer.seed) warnings.push(`different seeds (${older.seed} → ${newer.seed})`);

  for (const impl of newer.implementations) {
    const before = older.implementations.find((o) => o.name === impl.name);
    if (before === undefined) {
      notCompared.push(`${impl.name}: not in the old record`);
      continue;
    }
    for (const w of impl.workloads) {
      const label = `${impl.name} ${w.id}`;
      // Derived sums add their parts' medians: their parts are compared, not them.
      if (w.status === 'derived') continue;
      const old = before.workloads.find((o) => o.id === w.id);
      if (old === undefined) {
        notCompared.push(`${label}: not in the old record`);
        continue;
      }
      if (w.status === 'refused' && old.status !== 'refused') {
        refusals.push({ implementation: impl.name, workload: w.id });
        continue;
      }
      const pair = pickFigures(old, w);
      if (pair === undefined) {
        notCompared.push(`${label}: no figure in both records`);
        continue;
      }
      const [figure, a, b] = pair;
      const change: Change = {
        implementation: impl.name,
        workload: w.id,
        figure,
        old_median_ns: a.median_ns,
        new_median_ns: b.median_ns,
        change: b.median_ns / a.median_ns - 1,
        allowance: allowance(a, b),
      };
      if (change.change > change.allowance) regressions.push(change);
      else if (-change.change / (1 + change.change) > change.allowance) improvements.push(change);
      else unchanged++;
    }
  }
  return { regressions, improvements, unchanged, refusals, notCompared, warnings };
}

const percent = (x: number) => `${x >= 0 ? '+' : ''}${formatNumber(100 * x)}%`;

function describe(c: Change): string {
  const where = c.figure === 'in_process' ? 'in-process' : 'round trip';
  return `${c.implementation} ${c.workload} (${where}): ${formatNs(c.old_median_ns)} → ${formatNs(c.new_median_ns)} (${percent(c.change)}, noise allowance ${percent(c.allowance)})`;
}

export function formatComparison(c: Comparison, source: string): string {
  const lines = [`conform bench: compared with ${source}`];
  for (const w of c.warnings) lines.push(`  warning: ${w}`);
  for (const r of c.regressions) lines.push(`  REGRESSION ${describe(r)}`);
  for (const r of c.refusals)
    lines.push(`  REGRESSION ${r.implementation} ${r.workload}: timed before, refused now (wrong answer)`);
  for (const r of c.improvements) lines.push(`  faster     ${describe(r)}`);
  const regressions = c.regressions.length + c.refusals.length;
  lines.push(
    `  ${regressions} regression(s), ${c.improvements.length} improvement(s), ${c.unchanged} within noise, ${c.notCompared.length} not compared`,
  );
  return lines.join('\n') + '\n';
}
