// One failing vector, in full: what the runner said, the flags with what they mean, the rules with
// their text, expected against actual, and the implementation's stderr.
import { renderComparison } from './byte-diff.js';
import { clip, esc, slug, tailOf } from './html.js';
import type { NoteLookup } from './notes.js';
import { OUTCOMES } from './outcomes.js';
import { ruleInfo } from './rules.js';
import type { TestResultLike } from './run-input.js';

export interface FailureContext {
  readonly noteOf: NoteLookup;
  /** The id of the element holding the run's stderr tail, when the run has one. */
  readonly stderrId?: string;
  /** The ids of elements holding a rule's full text, by rule id. */
  readonly ruleId?: (rule: string) => string | undefined;
}

/** The first sentence of a rule, for a line that links to its full text. */
export function ruleHeadline(id: string): string {
  const text = ruleInfo(id)?.text;
  if (text === undefined) return '(not a rule of docs/spec.md)';
  const first = text.split('\n')[0]!;
  const stop = first.search(/[.;:](\s|$)/);
  return clip(stop > 0 ? first.slice(0, stop + 1) : first, 140);
}

export function renderRuleList(rules: readonly string[], ctx: FailureContext): string {
  if (rules.length === 0) return '';
  const items = rules.map((id) => {
    const target = ctx.ruleId?.(id);
    const name = target !== undefined ? `<a href="#${esc(target)}">${esc(id)}</a>` : esc(id);
    return `<li>${name} ${esc(ruleHeadline(id))}</li>`;
  });
  return `<ul class="rules" aria-label="rules">${items.join('')}</ul>`;
}

export function renderFlags(r: TestResultLike, noteOf: NoteLookup): string {
  if (r.flags.length === 0) return '<div class="flags">flags: —</div>';
  const items = r.flags.map((flag) => {
    const note = noteOf(r.file, flag);
    return note === undefined
      ? `<code>${esc(flag)}</code>`
      : `<code>${esc(flag)}</code> <span class="muted">(${esc(note.bugType)})</span> ${esc(clip(note.description, 240))}`;
  });
  return `<div class="flags">flags: ${items.join('; ')}</div>`;
}

export function renderFailureBody(r: TestResultLike, ctx: FailureContext): string {
  const parts = [`<p class="detail">${esc(clip(r.detail || OUTCOMES[r.outcome].label, 600))}</p>`];
  if (r.expectedFailure !== undefined) {
    const ef = r.expectedFailure;
    parts.push(
      `<p>Expected to ${esc(ef.outcome)} by the --expect-fail entry <code>${esc(ef.id)}</code>: ${esc(clip(ef.reason, 300))}` +
        `${ef.issue !== undefined ? ` (${esc(ef.issue)})` : ''}</p>`,
    );
  }
  parts.push(`<div class="flags">vector: <code>${esc(r.op)}</code>, result ${esc(r.result)}</div>`);
  parts.push(renderFlags(r, ctx.noteOf), renderRuleList(r.rules, ctx));
  parts.push(renderComparison(r.expected, r.actual));
  if (r.stderrTail !== undefined && r.stderrTail !== '') {
    parts.push(
      '<div class="fname">implementation stderr (tail, when this test broke it)</div>',
      `<pre>${esc(tailOf(r.stderrTail, 20, 2000))}</pre>`,
    );
  } else if (ctx.stderrId !== undefined) {
    parts.push(
      `<p class="flags"><a href="#${esc(ctx.stderrId)}">implementation stderr (tail of the run)</a></p>`,
    );
  } else {
    parts.push('<p class="flags muted">The implementation wrote nothing on stderr.</p>');
  }
  return `<div class="failure">${parts.join('')}</div>`;
}

export const vectorId = (prefix: string, file: string, tcId: number): string => slug(prefix, file, tcId);
