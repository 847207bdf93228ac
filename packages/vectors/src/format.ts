// The vector file format (docs/design.md §4): Wycheproof's layout, which implementers already
// know, with one addition that makes every test executable through the conform protocol: each
// group names the protocol `op`, which test fields are its arguments and which are its results.

/** `valid`: the op succeeds with exactly the expected results. `invalid`: it fails with the group's
 *  error code. `acceptable`: real clients differ (docs/spec.md §12); either outcome is allowed. */
export type VectorResult = 'valid' | 'invalid' | 'acceptable';

/** What kind of defect a flag's vectors are meant to catch (Wycheproof's bugType vocabulary, extended). */
export type BugType =
  | 'BASIC' // a plain correct case
  | 'KNOWN_ANSWER' // published data from a source we did not write
  | 'EDGE_CASE' // a boundary of a length or a range
  | 'MODIFIED_INPUT' // a valid input with a change the receiver must notice
  | 'MALFORMED_INPUT' // not even structurally right
  | 'WRONG_PRIMITIVE' // a mistake in the cryptographic construction
  | 'WEAK_PARAMS' // parameters that must be refused
  | 'MISSING_CHECK' // the receiver skipped a check the spec requires
  | 'CHECK_ORDER' // a check done in the wrong order (R3.7)
  | 'DIVERGENCE'; // clients disagree; the vector is `acceptable`

export interface VectorNote {
  readonly bugType: BugType;
  readonly description: string;
  /** Rule ids of docs/spec.md this flag's vectors exercise. */
  readonly rules: readonly string[];
  /** Papers, peers' issues, source files. */
  readonly links?: readonly string[];
}

export interface VectorTest {
  readonly tcId: number;
  readonly comment: string;
  readonly flags: readonly string[];
  readonly result: VectorResult;
  /** An acceptable test whose strict outcome is success, not the group's error (see --strict). */
  readonly strict?: 'valid';
  /** The op's arguments and (for `valid`) results, named as in the protocol; hex for bytes. */
  readonly [field: string]: unknown;
}

export interface VectorGroup {
  /** Schema type of the group's tests (e.g. `IgeTest`). */
  readonly type: string;
  /** The conform protocol op the tests run through (docs/design.md §3.5). */
  readonly op: string;
  /** The op's arguments: argument name → the test field holding it. */
  readonly inputs: Readonly<Record<string, string>>;
  /** The op's results compared when the test is `valid`: result name → the test field holding it. */
  readonly outputs: Readonly<Record<string, string>>;
  /** The error code an `invalid` test must produce (e.g. `rejected`, `bad_params`). */
  readonly error?: string;
  /** Where the group's data comes from, when it is not our generator. */
  readonly source?: string;
  /**
   * How a `valid` result is judged when the op's output is not fixed (its `outputs` map is empty).
   * `decrypt`: the runner decrypts the returned `data` with the reference (e2e.decrypt semantics, the
   * test's `key` and `x`) and requires padding 12..1024, a plaintext of whole blocks, the right
   * fingerprint and msg_key, and the recovered message equal to the test's `message` (R3.4, R3.7).
   */
  readonly verify?: VerifyMethod;
  readonly tests: readonly VectorTest[];
}

/** See VectorGroup.verify. */
export type VerifyMethod = 'decrypt';

/** One independent recomputation of the file's vectors before it was written. */
export interface CrossCheck {
  /** The independent implementation, with its version. */
  readonly implementation: string;
  /** What it recomputed (op names or a sentence). */
  readonly covers: string;
  readonly tests: number;
}

export interface VectorFile {
  readonly algorithm: string;
  readonly schema: string;
  readonly generatorVersion: string;
  readonly numberOfTests: number;
  readonly header: readonly string[];
  readonly notes: Readonly<Record<string, VectorNote>>;
  readonly crossValidation: readonly CrossCheck[];
  readonly testGroups: readonly VectorGroup[];
}
