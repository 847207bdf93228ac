// The matrix document and page: per row (suite, rule, vector group) and implementation, the counts
// by outcome and the failing vectors; cells marked by symbol and linked to those vectors.
import { describe, expect, it } from 'vitest';
import { buildMatrix, type MatrixRow } from '../src/matrix.js';
import { renderMatrix } from '../src/matrix-page.js';
import { report, result } from './helpers.js';

const a = report('impl a', [
  result('ige_test.json', 1, 'pass', { rules: ['R1.1', 'R1.2'], flags: ['KnownAnswer'] }),
  result('ige_test.json', 2, 'pass', { rules: ['R1.2'], flags: ['IvLayout'] }),
  result('e2e_decrypt_test.json', 7, 'acceptable', { rules: ['R3.7', 'D3'], flags: ['DivergenceD3'] }),
]);
const b = report('impl b', [
  result('ige_test.json', 1, 'pass', { rules: ['R1.1', 'R1.2'], flags: ['KnownAnswer'] }),
  result('ige_test.json', 2, 'fail', { rules: ['R1.2'], flags: ['IvLayout'] }),
  result('e2e_decrypt_test.json', 7, 'error', { rules: ['R3.7', 'D3'], flags: ['DivergenceD3'] }),
]);
const c = report('impl c', [
  result('ige_test.json', 1, 'skip', { rules: ['R1.1', 'R1.2'], flags: ['KnownAnswer'] }),
]);

const doc = buildMatrix(
  [
    { label: 'impls/a', report: a },
    { label: 'impls/b', report: b },
    { label: 'impls/c', report: c, reportHref: 'reports/c.html' },
  ],
  { generatedAt: '2026-01-02T03:04:05Z', machine: 'test machine' },
);
const row = (kind: MatrixRow['kind'], id: string) => doc.rows.find((r) => r.kind === kind && r.id === id)!;

describe('buildMatrix', () => {
  it('has a row per suite, per rule (in spec order) and per vector group, in that order', () => {
    expect(doc.rows.map((r) => `${r.kind} ${r.id}`)).toEqual([
      'suite ige_test.json',
      'suite e2e_decrypt_test.json',
      'rule R1.1',
      'rule R1.2',
      'rule R3.7',
      'rule D3',
      'group ige_test.json KnownAnswer',
      'group ige_test.json IvLayout',
      'group e2e_decrypt_test.json DivergenceD3',
    ]);
  });

  it('counts each implementation’s vectors of a row by outcome and names the failing ones', () => {
    const [ra, rb, rc] = row('rule', 'R1.2').cells;
    expect(ra).toMatchObject({ total: 2, pass: 2, fail: 0, failing: [] });
    expect(rb).toMatchObject({ total: 2, pass: 1, fail: 1, failing: ['ige_test.json#2'] });
    expect(rc).toMatchObject({ total: 1, skip: 1, failing: [] });
    expect(row('suite', 'e2e_decrypt_test.json').cells).toEqual([
      { total: 1, pass: 0, fail: 0, error: 0, expectedFail: 0, acceptable: 1, skip: 0, failing: [] },
      {
        total: 1,
        pass: 0,
        fail: 0,
        error: 1,
        expectedFail: 0,
        acceptable: 0,
        skip: 0,
        failing: ['e2e_decrypt_test.json#7'],
      },
      null,
    ]);
  });

  it('titles rows with the rule text, the file’s algorithm and the flag’s note', () => {
    expect(row('rule', 'R1.2').title).toBe('The IV has two halves.');
    expect(row('suite', 'ige_test.json').title).toBe('AES-256-IGE');
    expect(row('group', 'ige_test.json IvLayout').title).not.toBe('');
  });

  it('keeps each implementation’s summary and failures, and the run’s time and machine', () => {
    expect(doc.implementations.map((i) => [i.label, i.exitCode, i.summary.fail])).toEqual([
      ['impls/a', 0, 0],
      ['impls/b', 1, 1],
      ['impls/c', 0, 0],
    ]);
    expect(doc.failures.map((f) => f.map((x) => `${x.test} ${x.outcome}`))).toEqual([
      [],
      ['ige_test.json#2 fail', 'e2e_decrypt_test.json#7 error'],
      [],
    ]);
    expect(doc).toMatchObject({
      tool: 'conform matrix',
      generatedAt: '2026-01-02T03:04:05Z',
      machine: 'test machine',
    });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});

describe('renderMatrix', () => {
  const page = renderMatrix(doc);

  it('links a failing cell to the list of its failing vectors, which link to the vectors', () => {
    const cell = /<td class="o-fail"><a href="#(c1-rule-R1.2)"[^>]*>✗ 1\/2<\/a><\/td>/.exec(page);
    expect(cell).not.toBeNull();
    const target = new RegExp(`<li class="cellref" id="${cell![1]}"[^>]*>(.*?)</li>`).exec(page);
    expect(target![1]).toContain('<span class="mono">ige</span> <a href="#f1-ige-2">#2</a>');
    expect(page).toMatch(/<li class="vec" id="f1-ige-2"[^>]*>.*ige_test\.json#2/);
  });

  it('marks rows that fail and rows where implementations disagree', () => {
    const flags = [
      ...page.matchAll(/<tr data-kind="(\w+)" data-f="(\d)" data-d="(\d)"><th scope="row">([^<]+)</g),
    ].map((m) => `${m[4]} f${m[2]} d${m[3]}`);
    expect(flags).toEqual([
      'ige f1 d1',
      'e2e_decrypt f1 d1',
      'R1.1 f0 d0',
      'R1.2 f1 d1',
      'R3.7 f1 d1',
      'D3 f1 d1',
      'ige · KnownAnswer f0 d0',
      'ige · IvLayout f1 d1',
      'e2e_decrypt · DivergenceD3 f1 d1',
    ]);
  });

  it('links an implementation to its own report, and shows no cell as colour alone', () => {
    expect(page).toContain('<a href="reports/c.html">full report</a>');
    for (const m of page.matchAll(/<td class="o-(\w[\w-]*)"[^>]*>(?:<a [^>]*>)?([^<]*)/g)) {
      const symbol = { pass: '✓', fail: '✗', error: '‼', acceptable: '≈', skip: '○', none: '·' }[m[1]!];
      if (symbol !== undefined) expect(m[2]!.startsWith(symbol), m[0]).toBe(true);
    }
  });

  it('embeds a bench chart as an inert image, and refuses what is not SVG', () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><style>text{fill:red}</style></svg>';
    const withBench = renderMatrix(doc, { benchSvg: svg });
    const src = /<img src="data:image\/svg\+xml;base64,([^"]+)"/.exec(withBench);
    expect(Buffer.from(src![1]!, 'base64').toString('utf8')).toBe(svg);
    expect(withBench).not.toContain('text{fill:red}');
    expect(() => renderMatrix(doc, { benchSvg: '{"tool":"conform bench"}' })).toThrow(/not an SVG/);
  });
});
