// Runs one chat transcript (PROTOCOL.md §5, chat_test.json) against the implementation and judges
// it: the reference plays the peer, every observation must equal the expected one. For an
// `acceptable` transcript, matching the recorded behaviour of TDLib or Android (a divergence of
// docs/spec.md §12) is `acceptable`; --strict accepts only the strict outcome.
import {
  compareObservations,
  describeStep,
  playTranscript,
  type Observation,
  type Step,
  type TranscriptAlternative,
  type TranscriptSpec,
} from '@conform/vectors';
import type { Judgement } from './judge.js';
import type { ProtocolClient } from './protocol-client.js';
import type { SelectedTest } from './select.js';

/** The default seed of the peer's randomness; `--seed` changes it (observations must not move). */
export const DEFAULT_SEED = 'conform';

export const isTranscript = (t: SelectedTest): boolean => t.group.op === 'chat';

/** The chat ops a transcript sends: what the implementation's hello must list for it to run. */
export function transcriptOps(t: SelectedTest): string[] {
  const steps = (t.test['steps'] ?? []) as readonly Step[];
  const ops = new Set(['chat.create', 'chat.state']);
  for (const step of steps) {
    if (step.do.startsWith('impl.')) {
      const name = step.do.slice('impl.'.length);
      ops.add(name === 'flush' ? 'chat.receive' : `chat.${name}`);
    }
  }
  return [...ops].sort();
}

export interface TranscriptResult extends Judgement {
  readonly actual: unknown;
}

export async function runTranscript(
  client: ProtocolClient,
  t: SelectedTest,
  options: { readonly seed: string; readonly strict: boolean },
): Promise<TranscriptResult> {
  const spec = t.test as unknown as TranscriptSpec & {
    readonly expect: readonly Observation[];
    readonly alternatives?: readonly TranscriptAlternative[];
  };
  let unsupported: string | undefined;
  const actual = await playTranscript(
    spec,
    {
      call: async (op, args) => {
        const { id: _id, ...reply } = await client.request(op, args);
        if (!reply.ok && reply.error === 'unsupported') unsupported ??= op;
        return reply;
      },
    },
    { seed: `${options.seed} ${t.file}#${t.test.tcId}`, chat: `t${t.test.tcId}` },
  );
  const steps = spec.steps;
  if (unsupported !== undefined) {
    return { outcome: 'skip', expected: null, actual: null, detail: `${unsupported} answered unsupported` };
  }
  const strictMatch = compareObservations(steps, spec.expect, actual);
  if (strictMatch.match) return { outcome: 'pass', expected: null, actual: null, detail: '' };
  const at = strictMatch.step;
  const report = {
    expected: { step: at, do: describeStep(steps[at]!), observation: spec.expect[at] ?? null },
    actual: { step: at, observation: actual[at] ?? null },
  };
  if (!options.strict) {
    for (const alternative of spec.alternatives ?? []) {
      if (compareObservations(steps, alternative.expect, actual).match) {
        return {
          outcome: 'acceptable',
          expected: null,
          actual: null,
          detail: `behaves as ${alternative.profile} does (${alternative.divergence}), not as the strict reading: step ${at}, ${strictMatch.detail}`,
        };
      }
    }
  }
  return { outcome: 'fail', ...report, detail: `step ${at} of ${steps.length}, ${strictMatch.detail}` };
}
