// Judging one answer against the oracle's, and naming what went wrong with a stable signature
// (op plus kind) so that one defect found a thousand times is one finding.
import type { Response } from '@conform/runner';
import type { FuzzCase } from './case.js';
import { ORACLE, differingField, sameOutcome, type Expectation, type Outcome } from './oracle.js';
import type { Reply } from './session.js';

export type Verdict =
  | { readonly kind: 'pass' }
  | { readonly kind: 'skip' }
  | { readonly kind: 'stopped' }
  | {
      readonly kind: 'finding';
      /** e.g. `e2e.decrypt accepts what the reference rejects`. */
      readonly signature: string;
      /** The kind part of the signature: `accepts what the reference rejects`, `crash`, … */
      readonly findingKind: string;
      readonly expected: Expectation;
      /** The answer without its id, or the crash/timeout. */
      readonly actual: unknown;
    };

export function expectationOf(c: FuzzCase): Expectation {
  const oracle = ORACLE.get(c.op);
  if (oracle === undefined) throw new Error(`no oracle for ${c.op}`);
  return oracle(c.args);
}

const outcomeOf = (r: Response): Outcome => {
  const { id: _id, ok, error, detail: _detail, ...results } = r;
  return ok ? { ok: true, results } : { ok: false, error: String(error) };
};

/** The kind of a mismatch, worded from the implementation's side. */
function kindOf(expected: Expectation, actual: Outcome): string {
  const successes = expected.outcomes.filter((o): o is Outcome & { ok: true } => o.ok);
  const failures = expected.outcomes.filter((o): o is Outcome & { ok: false } => !o.ok);
  if (actual.ok) {
    if (successes.length === 0) return 'accepts what the reference rejects';
    return `answers a different ${differingField(successes[0]!, actual) ?? 'result'}`;
  }
  if (failures.length === 0) return 'rejects what the reference accepts';
  return `fails with ${actual.error} instead of ${failures[0]!.error}`;
}

export function judgeReply(c: FuzzCase, expected: Expectation, reply: Reply): Verdict {
  if (reply.kind === 'stopped') return { kind: 'stopped' };
  if (reply.kind !== 'response') {
    const findingKind = reply.kind === 'crash' ? 'crash' : 'timeout';
    return {
      kind: 'finding',
      signature: `${c.op} ${findingKind}`,
      findingKind,
      expected,
      actual: {
        [reply.kind]: reply.message,
        ...(reply.stderrTail !== '' ? { stderrTail: reply.stderrTail.slice(-2000) } : {}),
      },
    };
  }
  const actual = outcomeOf(reply.response);
  // PROTOCOL.md §2.1: `unsupported` (an op or a variant of it) is a skip, never a failure.
  if (!actual.ok && actual.error === 'unsupported') return { kind: 'skip' };
  if (expected.outcomes.some((o) => sameOutcome(o, actual))) return { kind: 'pass' };
  const findingKind = kindOf(expected, actual);
  const { id: _id, ...shown } = reply.response;
  return { kind: 'finding', signature: `${c.op} ${findingKind}`, findingKind, expected, actual: shown };
}
