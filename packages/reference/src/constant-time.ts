// Secrets are compared without data-dependent branches or early exits (R3.7 step 4, R3.9):
// the time taken depends only on the lengths, which are public.
import { assertBytes } from './_assert.js';

/** Returns true iff `a` and `b` have the same length and content, in time independent of content. */
export function equalBytesConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  assertBytes('a', a);
  assertBytes('b', b);
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
