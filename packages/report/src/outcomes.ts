// Outcomes as a report shows them: a symbol as well as a colour (readable without colour, and in
// print), a word for screen readers, and the order in which one outcome outweighs another.
import type { Outcome } from './run-input.js';

export interface OutcomeStyle {
  readonly symbol: string;
  readonly label: string;
}

export const OUTCOMES: Readonly<Record<Outcome, OutcomeStyle>> = {
  fail: { symbol: '✗', label: 'fail' },
  error: { symbol: '‼', label: 'error' },
  'expected-fail': { symbol: '⊘', label: 'expected fail' },
  acceptable: { symbol: '≈', label: 'acceptable' },
  pass: { symbol: '✓', label: 'pass' },
  skip: { symbol: '○', label: 'skipped' },
};

/** Worst first: a group of vectors shows the first outcome in this list that it has. */
export const OUTCOME_ORDER: readonly Outcome[] = [
  'error',
  'fail',
  'expected-fail',
  'acceptable',
  'pass',
  'skip',
];

export type Counts = Record<Outcome, number>;

export const emptyCounts = (): Counts => ({
  pass: 0,
  fail: 0,
  error: 0,
  'expected-fail': 0,
  acceptable: 0,
  skip: 0,
});

export const totalOf = (c: Counts): number => OUTCOME_ORDER.reduce((n, o) => n + c[o], 0);

/** The outcome a group of vectors is coloured by: the worst it has, or undefined when empty. */
export function worstOf(c: Counts): Outcome | undefined {
  return OUTCOME_ORDER.find((o) => c[o] > 0);
}

/** "3 fail, 9 pass": every non-zero count, worst first. */
export function describeCounts(c: Counts): string {
  const parts = OUTCOME_ORDER.filter((o) => c[o] > 0).map((o) => `${c[o]} ${OUTCOMES[o].label}`);
  return parts.length > 0 ? parts.join(', ') : 'no vectors';
}
