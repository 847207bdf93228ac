// The text of docs/spec.md's rules and §12 divergences, from the table generated at build time.
import { SPEC_RULES } from './_spec-rules.js';

export interface RuleInfo {
  readonly id: string;
  readonly section: string;
  readonly text: string;
}

/** The rule, or undefined for an id the spec does not have (a vector file of one's own). */
export function ruleInfo(id: string): RuleInfo | undefined {
  const entry = SPEC_RULES.get(id);
  return entry === undefined ? undefined : { id, ...entry };
}

const rank = (id: string): [number, number, number] => {
  const r = /^R(\d+)\.(\d+)$/.exec(id);
  if (r) return [0, Number(r[1]), Number(r[2])];
  const d = /^D(\d+)$/.exec(id);
  if (d) return [1, Number(d[1]), 0];
  return [2, 0, 0];
};

/** Spec order: R1.1 < R1.2 < R1.10 < R2.1 < … < D1 < D2 < D10, then anything else by name. */
export function compareRuleIds(a: string, b: string): number {
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return a.localeCompare(b);
}
