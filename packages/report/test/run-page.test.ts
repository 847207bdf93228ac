// The page of one run: self-contained, every vector listed, failures in full (flags, rule text,
// byte diff, stderr), symbols as well as colours, and small for a whole suite.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveImplSpec, runVectors, type RunReport } from '@conform/runner';
import { describe, expect, it } from 'vitest';
import { renderRunReport } from '../src/run-page.js';
import type { RunReportLike } from '../src/run-input.js';
import { itemsWith, report, result } from './helpers.js';

const mutants = join(import.meta.dirname, '..', '..', '..', 'impls', 'mutants');

describe('renderRunReport', () => {
  const failing = result('ige_test.json', 3, 'fail', {
    flags: ['IvLayout'],
    rules: ['R1.2'],
    stderrTail: 'panic: <boom>\n',
  });
  const page = renderRunReport(
    report('my impl', [
      result('ige_test.json', 1, 'pass'),
      result('ige_test.json', 2, 'acceptable', { detail: 'rejected with "rejected"' }),
      failing,
      result('e2e_decrypt_test.json', 4, 'error', {
        rules: ['R3.7'],
        actual: { error: 'timeout' },
        detail: 'no answer within 10000 ms',
      }),
      result('e2e_decrypt_test.json', 5, 'skip', { detail: 'unsupported' }),
    ]),
  );

  it('lists every vector with its outcome and suite', () => {
    expect(itemsWith(page, 'data-o')).toEqual([
      ['v-ige_test.json-1', 'pass'],
      ['v-ige_test.json-2', 'acceptable'],
      ['v-ige_test.json-3', 'fail'],
      ['v-e2e_decrypt_test.json-4', 'error'],
      ['v-e2e_decrypt_test.json-5', 'skip'],
    ]);
  });

  it('shows a failure with its flags, the rule text, a byte diff and the stderr tail', () => {
    const item = page.slice(
      page.indexOf('<li id="v-ige_test.json-3"'),
      page.indexOf('<li id="v-e2e_decrypt'),
    );
    expect(item).toContain('IvLayout');
    // R1.2 of docs/spec.md: "The IV has two halves."
    expect(item).toContain('The IV has two halves.');
    expect(item).toMatch(/<mark>11<\/mark>[\s\S]*<mark>ff<\/mark>/);
    expect(item).toContain('panic: &lt;boom&gt;');
    expect(page).toMatch(/id="rule-R1.2"[^>]*>R1.2/);
  });

  it('marks outcomes with symbols, not colour alone', () => {
    expect(page).toMatch(/class="badge o-fail">✗ fail/);
    expect(page).toMatch(/class="badge o-error">‼ error/);
    expect(page).toMatch(/class="badge o-acceptable">≈ acceptable/);
    expect(page).toContain('✗ FAIL — 1 fail, 1 error');
    // The grid: R1.2 × ige is failing, 1 of 1, and links to the failing vector.
    expect(page).toMatch(/<td class="o-fail"><a href="#v-ige_test.json-3"[^>]*>✗ 1\/1<\/a><\/td>/);
  });

  it('loads nothing from anywhere: no external URL, a CSP that forbids fetching', () => {
    expect(page).not.toMatch(/\b(src|href)="(?!#|data:)/);
    expect(page).not.toMatch(/<link\b|@import|url\(/);
    expect(page).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;/);
  });

  it('has dark-mode and print styles', () => {
    expect(page).toContain('@media (prefers-color-scheme: dark)');
    expect(page).toContain('@media print');
  });

  it('escapes text from the implementation and the vectors', () => {
    const hostile = renderRunReport(
      report('<img src=x onerror=alert(1)>', [
        result('ige_test.json', 1, 'fail', { comment: '</li><script>alert(2)</script>', detail: '"><b>' }),
      ]),
    );
    expect(hostile).not.toMatch(/<img src=x|<script>alert|"><b>/);
    expect(hostile.match(/<script>/g)).toHaveLength(1);
  });

  it('says when the implementation stopped, with its stderr', () => {
    const stopped = renderRunReport(
      report('crashy', [], {
        exitCode: 3,
        stopped: { code: 'crashed', message: 'exited with status 7', stderrTail: 'fatal: out of cheese\n' },
      }),
    );
    expect(stopped).toContain('‼ STOPPED');
    expect(stopped).toContain('fatal: out of cheese');
  });
});

describe('the page of a whole-suite run against a mutant', () => {
  it.skipIf(!existsSync(join(mutants, 'dist', 'mutants', 'src', 'main.js')))(
    'stays well under 1 MB, with every failure shown in full',
    async () => {
      const run: RunReport = await runVectors(resolveImplSpec(join(mutants, 'kdf-sha256-a-b-swapped')));
      const like: RunReportLike = run;
      const failures = run.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error');
      expect(failures.length).toBeGreaterThan(20);
      const html = renderRunReport(like);
      const bytes = Buffer.byteLength(html);
      console.log(
        `whole suite against mutant kdf-sha256-a-b-swapped: ${run.results.length} vectors, ${failures.length} failing, ${bytes} bytes of HTML`,
      );
      expect(bytes).toBeLessThan(1024 * 1024);
      const shown = itemsWith(html, 'data-o');
      expect(shown).toHaveLength(run.results.length);
      for (const f of failures)
        expect(html).toContain(`<li id="v-${f.file}-${f.tcId}" tabindex="-1" data-o="fail"`);
      // The big inputs (256-byte keys, primes) stay out: no hex run longer than a dump row.
      expect(html).not.toMatch(/[0-9a-f]{200}/);
    },
  );
});
