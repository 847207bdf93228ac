// The rule table the reports print is docs/spec.md's, regenerated: a spec edit without a rebuild
// fails here, and every rule id the spec defines (and every §12 divergence) has its text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { renderTable, SPEC_PATH, TABLE_PATH } from '../scripts/generate-spec-rules.mjs';
import { compareRuleIds, ruleInfo } from '../src/rules.js';

const spec = readFileSync(SPEC_PATH as string, 'utf8');

describe('the rule table generated from docs/spec.md', () => {
  it('is what the generator makes of the current spec (run npm run build -w @conform/report if not)', () => {
    expect(readFileSync(TABLE_PATH as string, 'utf8')).toBe((renderTable as (s: string) => string)(spec));
  });

  it('has every rule id the spec defines, and every divergence of §12', () => {
    const ruleIds = [...spec.matchAll(/^\*\*(R\d+\.\d+)\*\*/gm)].map((m) => m[1]!);
    const divergences = [...spec.matchAll(/^\| (D\d+) \|/gm)].map((m) => m[1]!);
    expect(ruleIds.length).toBeGreaterThanOrEqual(50);
    expect(divergences.length).toBeGreaterThanOrEqual(10);
    for (const id of [...ruleIds, ...divergences]) expect(ruleInfo(id)?.text, id).toBeTruthy();
    expect(ruleInfo('R9.99')).toBeUndefined();
  });

  it('keeps the text of a rule and its section, without markdown', () => {
    const r37 = ruleInfo('R3.7')!;
    expect(r37.section).toBe('3. The encrypted message and how a receiver checks it');
    expect(r37.text).toMatch(/^A receiver given wire bytes D checks, in this order:\n1\. Structure\./);
    expect(r37.text).not.toMatch(/\*\*|`/);
    expect(ruleInfo('D3')!.text).toMatch(/^L % 4 != 0\. docs: .*TDLib: reject/);
  });

  it('orders rule ids as the spec does', () => {
    expect(['R3.10', 'D2', 'R1.2', 'R3.9', 'D10', 'x', 'R1.10'].sort(compareRuleIds)).toEqual([
      'R1.2',
      'R1.10',
      'R3.9',
      'R3.10',
      'D2',
      'D10',
      'x',
    ]);
  });
});
