// Judging a played transcript against the expected observations: step by step, the first
// difference decides, described for a human. Checkpoint fields an implementation may leave out
// (its own `layer`, `other_key`) are compared only when it reports them.
import type { Observation, Step } from './types.js';

const OPTIONAL_CHECKPOINT_FIELDS = ['layer', 'other_key'];

export type Comparison =
  { readonly match: true } | { readonly match: false; readonly step: number; readonly detail: string };

export function compareObservations(
  steps: readonly Step[],
  expected: readonly Observation[],
  actual: readonly Observation[],
): Comparison {
  for (let i = 0; i < expected.length; i++) {
    const got = actual[i];
    if (got === undefined)
      return { match: false, step: i, detail: 'the transcript stopped before this step' };
    const want = withoutUnreported(expected[i]!, got);
    if (!sameJson(want, got))
      return { match: false, step: i, detail: describeDifference(steps[i], want, got) };
  }
  return { match: true };
}

/** The expected observation without the optional checkpoint fields the implementation left out. */
function withoutUnreported(want: Observation, got: Observation): Record<string, unknown> {
  if (want.checkpoint === undefined || got.checkpoint === undefined) return { ...want };
  const checkpoint: Record<string, unknown> = { ...want.checkpoint };
  for (const f of OPTIONAL_CHECKPOINT_FIELDS) if (!(f in got.checkpoint)) delete checkpoint[f];
  return { ...want, checkpoint };
}

function describeDifference(step: Step | undefined, w: Record<string, unknown>, got: Observation): string {
  const name = step === undefined ? '?' : describeStep(step);
  const parts: string[] = [];
  const g = got as Record<string, unknown>;
  for (const key of new Set([...Object.keys(w), ...Object.keys(g)])) {
    const wc = w[key];
    const gc = g[key];
    if (key === 'checkpoint' && isRecord(wc) && isRecord(gc)) {
      for (const f of new Set([...Object.keys(wc), ...Object.keys(gc)])) {
        if (!sameJson(wc[f], gc[f]))
          parts.push(`checkpoint.${f}: expected ${show(wc[f])}, got ${show(gc[f])}`);
      }
    } else if (!sameJson(wc, gc)) {
      parts.push(`${key}: expected ${show(w[key])}, got ${show(g[key])}`);
    }
  }
  return `${name}: ${parts.join('; ')}`;
}

export function describeStep(step: Step): string {
  if (step.do === 'impl.receive' || step.do === 'peer.receive') return `${step.do} #${step.m}`;
  if (step.do === 'impl.flush' || step.do === 'peer.flush') return step.do;
  if ('message' in step) {
    const m = step.message as { _?: unknown; action?: { _?: unknown } };
    return `${step.do} ${String(m.action?._ ?? m._)}`;
  }
  return step.do;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function show(value: unknown): string {
  if (value === undefined) return '(nothing)';
  const s = JSON.stringify(value);
  return s.length > 160 ? `${s.slice(0, 160)}…` : s;
}

/** Deep equality of JSON values; keys holding undefined count as absent. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}
