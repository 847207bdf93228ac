// Judges one response against its vector (docs/design.md §4): `valid` must succeed with exactly
// the outputs (hex compared case-insensitively, objects deep-equal) or, for `verify: "decrypt"`
// groups, with data the reference decrypts to the test's message; `invalid` must fail with the
// group's error; `acceptable` may do either. With `strict`, an acceptable test must do what the
// strict reading does: fail with the group's error when the group names one, or succeed with the
// outputs when the test says `strict: "valid"`; it is skipped when neither is named.
import { isDeepStrictEqual } from 'node:util';
import { decryptEnvelope, senderForKeyOffset } from '@conform/reference';
import { fromHex, toHex } from '../hex.js';
import type { Response } from './protocol-client.js';
import type { SelectedTest } from './select.js';

export type Outcome = 'pass' | 'fail' | 'skip' | 'acceptable' | 'error';

export interface Judgement {
  readonly outcome: Outcome;
  readonly expected: unknown;
  readonly detail: string;
}

const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/** The request arguments of a test: op argument → the value of the test field it names. */
export function requestArgs(t: SelectedTest): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [arg, field] of Object.entries(t.group.inputs)) {
    if (t.test[field] !== undefined) args[arg] = t.test[field];
  }
  return args;
}

export function expectedOf(t: SelectedTest, strict: boolean): unknown {
  const { group, test } = t;
  if (group.op === 'chat') {
    const steps = (test['steps'] as unknown[] | undefined)?.length ?? 0;
    return { transcript: `the recorded observations of all ${steps} steps` };
  }
  const outputs = () =>
    Object.fromEntries(Object.entries(group.outputs).map(([name, field]) => [name, test[field]]));
  const strictSuccess = test.result === 'acceptable' && strict && test.strict === 'valid';
  if (
    test.result === 'invalid' ||
    (test.result === 'acceptable' && strict && !strictSuccess && group.error !== undefined)
  ) {
    return { ok: false, error: group.error };
  }
  if (strictSuccess) return { ok: true, ...outputs() };
  if (test.result === 'acceptable') return { either: [{ ok: true }, { ok: false, error: group.error }] };
  if (group.verify === 'decrypt') return { ok: true, verify: 'decrypt', message: requestArgs(t).message };
  return { ok: true, ...outputs() };
}

/** A one-line description of how two hex strings differ, at the first differing byte. */
export function hexDiff(name: string, expected: string, actual: string): string {
  const e = expected.toLowerCase();
  const a = actual.toLowerCase();
  let i = 0;
  while (i < e.length && i < a.length && e[i] === a[i]) i++;
  const at = i >> 1;
  const show = (s: string) => {
    const part = s.slice(at * 2, at * 2 + 32);
    return part === '' ? '(end)' : part + (s.length > at * 2 + 32 ? '…' : '');
  };
  const lengths =
    e.length !== a.length ? ` (lengths: expected ${e.length / 2} B, got ${a.length / 2} B)` : '';
  return `${name} differs at byte ${at}: expected ${show(e)}, got ${show(a)}${lengths}`;
}

function valueDiff(name: string, expected: unknown, actual: unknown): string | undefined {
  if (typeof expected === 'string' && typeof actual === 'string' && HEX.test(expected) && HEX.test(actual)) {
    return expected.toLowerCase() === actual.toLowerCase() ? undefined : hexDiff(name, expected, actual);
  }
  if (isDeepStrictEqual(expected, actual)) return undefined;
  const show = (v: unknown) => {
    const s = v === undefined ? 'nothing' : JSON.stringify(v);
    return s.length > 300 ? `${s.slice(0, 300)}…` : s;
  };
  return `${name}: expected ${show(expected)}, got ${show(actual)}`;
}

/** Undefined when a successful response carries the right results, else what is wrong. */
function checkSuccess(t: SelectedTest, r: Response, onlyPresent: boolean): string | undefined {
  const { group, test } = t;
  for (const [name, field] of Object.entries(group.outputs)) {
    if (onlyPresent && test[field] === undefined) continue;
    const diff = valueDiff(name, test[field], r[name]);
    if (diff !== undefined) return diff;
  }
  if (group.verify === 'decrypt') return verifyByDecrypting(t, r);
  return undefined;
}

function verifyByDecrypting(t: SelectedTest, r: Response): string | undefined {
  const args = requestArgs(t);
  if (typeof r.data !== 'string' || !HEX.test(r.data))
    return `data: expected a hex string, got ${typeof r.data}`;
  try {
    const got = decryptEnvelope(
      fromHex(String(args.key)),
      senderForKeyOffset(Number(args.x)),
      fromHex(r.data),
    );
    if (!got.ok) return `the reference rejects the returned data (${got.reason})`;
    return valueDiff('decrypted message', String(args.message), toHex(got.message));
  } catch (error) {
    return `the reference cannot check the returned data: ${(error as Error).message}`;
  }
}

const failureText = (r: Response) => `error "${r.error}"${r.detail ? ` (${r.detail})` : ''}`;

export function judge(t: SelectedTest, r: Response, strict: boolean): Judgement {
  const { group, test } = t;
  const expected = expectedOf(t, strict);
  const verdict = (outcome: Outcome, detail: string): Judgement => ({ outcome, expected, detail });
  if (!r.ok && r.error === 'unsupported')
    return verdict('skip', `unsupported${r.detail ? `: ${r.detail}` : ''}`);
  const strictSuccess = test.result === 'acceptable' && strict && test.strict === 'valid';
  const mustFail = test.result === 'invalid' || (test.result === 'acceptable' && strict && !strictSuccess);
  if (mustFail) {
    if (group.error === undefined)
      return verdict('skip', 'acceptable, and --strict names no outcome to require');
    if (r.ok) return verdict('fail', `expected error "${group.error}", got success`);
    return r.error === group.error
      ? verdict('pass', '')
      : verdict('fail', `expected error "${group.error}", got ${failureText(r)}`);
  }
  if (test.result === 'valid' || strictSuccess) {
    if (!r.ok) return verdict('fail', `expected success, got ${failureText(r)}`);
    const diff = checkSuccess(t, r, false);
    return diff === undefined ? verdict('pass', '') : verdict('fail', diff);
  }
  // acceptable: either outcome, but a success must carry the results the test gives, and a
  // failure must use the group's error code.
  if (r.ok) {
    const diff = checkSuccess(t, r, true);
    return diff === undefined ? verdict('acceptable', 'accepted') : verdict('fail', diff);
  }
  if (group.error !== undefined && r.error !== group.error) {
    return verdict('fail', `expected success or error "${group.error}", got ${failureText(r)}`);
  }
  return verdict('acceptable', `rejected with "${r.error}"`);
}
