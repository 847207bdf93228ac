// The SVG chart and the Markdown tables of synthetic records: the chart is well-formed XML with one
// line per implementation in each panel, labelled axes, a legend and both colour schemes; the
// tables have one row a workload and one column an implementation.
import { describe, expect, it } from 'vitest';
import { chartedWorkloads, formatMarkdown, renderSvg } from '../src/index.js';
import { implementation, record, refused, timed } from './synthetic.js';

/** Checks that `xml` is well-formed (tags nest and close, attributes quoted, text escaped); returns the tags. */
function parseXml(xml: string): { name: string; attrs: Record<string, string>; depth: number }[] {
  const tags: { name: string; attrs: Record<string, string>; depth: number }[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (/&(?!(?:lt|gt|amp|quot|#\d+);)/.test(text)) throw new Error(`unescaped & in text at ${i}`);
    if (text.includes('>')) throw new Error(`stray > in text at ${i}`);
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(xml);
    if (m === null) throw new Error(`malformed tag at ${lt}: ${xml.slice(lt, lt + 60)}`);
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes the wrong element at ${lt}`);
    } else {
      const attrs: Record<string, string> = {};
      for (const a of attrText!.matchAll(/([\w:-]+)="([^"]*)"/g)) {
        if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]} at ${lt}`);
        attrs[a[1]!] = a[2]!;
      }
      tags.push({ name: name!, attrs, depth: stack.length });
      if (!selfClose) stack.push(name!);
    }
    i = tag.lastIndex;
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  return tags;
}

const sample = record([
  implementation('fast', [
    timed('ige.encrypt/16', [100], [5000]),
    timed('ige.encrypt/1024', [1000], [9000]),
    timed('e2e.encrypt/64', [500], [6000]),
    timed('dh.key', [1e6], [1.2e6]),
  ]),
  implementation('pipe-only', [
    timed('ige.encrypt/16', null, [8000]),
    timed('ige.encrypt/1024', null, [20000]),
    timed('e2e.encrypt/64', null, [9000]),
    timed('dh.key', null, [2e6]),
  ]),
  implementation('wrong <&> one', [
    refused('ige.encrypt/16', 0),
    refused('ige.encrypt/1024', 7),
    timed('e2e.encrypt/64', [700], [7000]),
    refused('dh.key', 2),
  ]),
]);

describe('the SVG chart', () => {
  const svg = renderSvg(sample);
  const tags = parseXml(svg);

  it('is well-formed SVG with a background, both colour schemes, a title and axis labels', () => {
    expect(tags[0]).toMatchObject({ name: 'svg', attrs: { xmlns: 'http://www.w3.org/2000/svg' }, depth: 0 });
    expect(svg).toContain('@media (prefers-color-scheme: dark)');
    expect(tags.some((t) => t.name === 'rect' && t.attrs['class'] === 'bg')).toBe(true);
    expect(svg).toContain('message size (log scale)');
    expect(svg).toContain('MB/s (log scale)');
    expect(svg).toContain('wrong &lt;&amp;&gt; one');
  });

  it('has a panel per sized workload, and in each one path per implementation with figures there', () => {
    expect(chartedWorkloads(sample)).toEqual(['ige.encrypt', 'e2e.encrypt']);
    const panels = tags.filter((t) => t.name === 'g' && t.attrs['class'] === 'panel');
    expect(panels.map((p) => p.attrs['data-workload'])).toEqual(['ige.encrypt', 'e2e.encrypt']);
    const paths = (workload: string) => {
      const start = svg.indexOf(`data-workload="${workload}"`);
      const end = svg.indexOf('</g>', start);
      return parseXml(`<g>${svg.slice(svg.indexOf('>', start) + 1, end)}</g>`).filter(
        (t) => t.name === 'path' && t.attrs['class'] === 'impl',
      );
    };
    // The wrong implementation is refused on every IGE size: no line there.
    expect(paths('ige.encrypt').map((p) => p.attrs['data-label'])).toEqual([
      'fast 1.0',
      'pipe-only 1.0 (round trip)',
    ]);
    expect(paths('e2e.encrypt').map((p) => p.attrs['data-label'])).toEqual([
      'fast 1.0',
      'pipe-only 1.0 (round trip)',
      'wrong &lt;&amp;&gt; one 1.0',
    ]);
    // Two sizes, two points: one line segment; the round-trip-only line is dashed.
    const [fast, pipe] = paths('ige.encrypt');
    expect(fast!.attrs['d']).toMatch(/^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+$/);
    expect(fast!.attrs['stroke-dasharray']).toBeUndefined();
    expect(pipe!.attrs['stroke-dasharray']).toBeDefined();
  });

  it('puts a faster implementation higher (smaller y) at the same size', () => {
    const start = (label: string) => {
      const d = tags.find((t) => t.name === 'path' && t.attrs['data-label'] === label)!.attrs['d']!;
      return Number(/^M[\d.]+,([\d.]+)/.exec(d)![1]);
    };
    expect(start('fast 1.0')).toBeLessThan(start('pipe-only 1.0 (round trip)'));
  });

  it('draws the CBC limit when the record has one, and says so when nothing is sized', () => {
    const withLimit = {
      ...sample,
      baselines: {
        status: 'measured' as const,
        limit: {
          name: 'limit',
          description: '',
          points: [16, 64, 1024].map((size) => ({
            size,
            ...timed(`ige.encrypt/${size}`, [50], [50]).round_trip!,
          })),
        },
        native: null,
      },
    };
    const baselinePaths = parseXml(renderSvg(withLimit)).filter(
      (t) => t.name === 'path' && t.attrs['class'] === 'baseline',
    );
    expect(baselinePaths.length).toBe(2); // one in each panel
    const empty = renderSvg(record([implementation('x', [timed('dh.key', [1], [1])])]));
    expect(() => parseXml(empty)).not.toThrow();
    expect(empty).toContain('no sized workload');
  });
});

describe('the Markdown', () => {
  const md = formatMarkdown(sample);
  const tableAfter = (heading: string) => {
    const lines = md.split('\n');
    const from = lines.findIndex((l) => l.startsWith(`### ${heading}`));
    const rows: string[][] = [];
    for (const line of lines.slice(from + 2)) {
      if (!line.startsWith('|')) break;
      rows.push(
        line
          .slice(1, -1)
          .split('|')
          .map((c) => c.trim()),
      );
    }
    return rows;
  };

  it('has a table a workload a row and an implementation a column, every row as wide as its header', () => {
    for (const heading of ['In-process', 'Round trip']) {
      const rows = tableAfter(heading);
      expect(rows[0]).toEqual(['workload', 'size', 'fast 1.0', 'pipe-only 1.0', 'wrong <&> one 1.0']);
      expect(rows[1]!.every((c) => /^-+:?$/.test(c))).toBe(true);
      expect(rows.slice(2).map((r) => r.slice(0, 2))).toEqual([
        ['`ige.encrypt`', '16 B'],
        ['`ige.encrypt`', '1 KiB'],
        ['`e2e.encrypt`', '64 B'],
        ['`dh.key`', '—'],
      ]);
      for (const row of rows) expect(row.length).toBe(5);
    }
  });

  it('shows MB/s for sized workloads, times for sizeless ones, refusals and round-trip-only cells', () => {
    const inProcess = tableAfter('In-process');
    // 16 bytes in 100 ns: 160 MB/s; 1 ms for dh.key.
    expect(inProcess[2]).toEqual([
      '`ige.encrypt`',
      '16 B',
      '160 MB/s',
      'n/a (no bench)',
      'refused: wrong answer (byte 0)',
    ]);
    expect(inProcess[5]![2]).toBe('1 ms');
    const roundTrip = tableAfter('Round trip');
    expect(roundTrip[2]![3]).toBe('2 MB/s, 125000 req/s'); // 16 B in 8 µs: 10⁹ / 8000 requests a second
    expect(md).toMatch(
      /### Refused before timing[\s\S]*wrong <&> one 1\.0, `ige\.encrypt\/1024`: answer refused, data differs from the reference at byte 7/,
    );
  });

  it('gives the vector summary of every implementation', () => {
    const rows = tableAfter('Vectors');
    // No hello here says more than name and version: no column for it.
    expect(rows[0]).toEqual(['implementation', 'pass', 'fail', 'error', 'acceptable', 'skipped']);
    expect(rows.slice(2).map((r) => r[0])).toEqual(['fast 1.0', 'pipe-only 1.0', 'wrong <&> one 1.0']);
    expect(rows[2]!.slice(1)).toEqual(['9', '1', '0', '0', '0']);
  });
});
