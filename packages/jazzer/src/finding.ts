// What counts as a finding. A target calls the reference with arguments it knows to be well typed;
// then any exception is a finding, unless the target declares it allowed for exactly these arguments
// (caller misuse, which the reference throws as TypeError or RangeError: _assert.ts). A target may
// also check properties the reference documents; a broken one throws InvariantViolation.

/** A documented property of the reference does not hold for this input. */
export class InvariantViolation extends Error {
  constructor(target: string, message: string) {
    super(`[${target}] ${message}`);
    this.name = 'InvariantViolation';
  }
}

/** The exception a call may throw for its arguments: none, or misuse of one exact class. */
export type Allowed = 'none' | 'TypeError' | 'RangeError';

/**
 * Runs `call`. Returns its value, or `undefined` if it threw the one allowed misuse error. Any other
 * exception is rethrown unchanged (so the fuzzer reports the reference's own stack); a call that
 * should have thrown misuse and returned instead is an InvariantViolation.
 */
export function expectOutcome<T>(target: string, allowed: Allowed, call: () => T): T | undefined {
  let value: T;
  try {
    value = call();
  } catch (error) {
    if (allowed === 'TypeError' && error instanceof TypeError) return undefined;
    if (allowed === 'RangeError' && error instanceof RangeError) return undefined;
    throw error;
  }
  if (allowed !== 'none') {
    throw new InvariantViolation(target, `expected a ${allowed} for caller misuse, got a value`);
  }
  return value;
}

export function check(target: string, condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new InvariantViolation(target, message());
}
