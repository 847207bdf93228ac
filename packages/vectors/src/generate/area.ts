// What each vector area (one output file) describes before ids are assigned and cross-checks run.
import type { CrossCheck, VectorNote, VectorResult, VerifyMethod } from '../format.js';

export interface DraftTest {
  /** A stable name for the test; its tcId is assigned once and kept (tcids.json). */
  readonly key: string;
  readonly comment: string;
  readonly flags: readonly string[];
  readonly result: VectorResult;
  /** Inputs and expected outputs, named as the protocol names them; bytes as lowercase hex. */
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface DraftGroup {
  readonly type: string;
  readonly op: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
  readonly error?: string;
  readonly source?: string;
  readonly verify?: VerifyMethod;
  readonly tests: readonly DraftTest[];
}

/** An implementation that shares no code with the reference, recomputing a file's vectors. */
export interface CrossChecker {
  readonly implementation: string;
  readonly covers: string;
  /** true: it agrees; false: it disagrees (generation fails); 'skip': it cannot judge this test. */
  readonly check: (group: DraftGroup, test: DraftTest) => boolean | 'skip';
}

export interface Area {
  readonly file: string;
  readonly algorithm: string;
  readonly schema: string;
  readonly header: readonly string[];
  readonly notes: Readonly<Record<string, VectorNote>>;
  readonly groups: readonly DraftGroup[];
  readonly crossCheckers: readonly CrossChecker[];
}

export type { CrossCheck };

/** A draft test with the given outcome; the shorthand every area uses. */
export function draftTest(
  result: VectorResult,
  key: string,
  comment: string,
  flags: readonly string[],
  fields: Readonly<Record<string, unknown>>,
): DraftTest {
  return { key, comment, flags, result, fields };
}
