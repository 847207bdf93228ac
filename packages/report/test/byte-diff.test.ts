// Expected against actual: the differing bytes are marked, in the text as well as by colour, and a
// long value is cut to the rows around its first difference.
import { describe, expect, it } from 'vitest';
import { DIFF_ROWS, renderByteDiff, renderComparison } from '../src/byte-diff.js';

const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
const seq = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i) & 0xff);
const marked = (html: string) => [...html.matchAll(/<mark>([^<]*)<\/mark>/g)].map((m) => m[1]!);
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('renderByteDiff', () => {
  it('marks exactly the bytes that differ and counts them', () => {
    const e = seq(64, (i) => i);
    const a = [...e];
    a[5] = 0xaa;
    a[40] = 0xbb;
    a[41] = 0xcc;
    const html = renderByteDiff('data', hex(e), hex(a));
    // Each run of differing bytes is marked once per side: 05 | aa, then 28 29 | bb cc.
    expect(marked(html)).toEqual(['05', 'aa', '28 29', 'bb cc']);
    expect(text(html)).toContain('3 of 64 bytes differ, the first at offset 5 (0x5)');
  });

  it('puts a caret under each differing byte, so the difference reads without colour', () => {
    const e = seq(16, (i) => i);
    const a = [...e];
    a[3] = 0xff;
    const lines = text(renderByteDiff('data', hex(e), hex(a))).split('\n');
    const actual = lines.find((l) => l.startsWith('actual'))!;
    const carets = lines.find((l) => l.includes('^^'))!;
    expect(actual.slice(carets.indexOf('^^'), carets.indexOf('^^') + 2)).toBe('ff');
    expect(carets.match(/\^\^/g)).toHaveLength(1);
  });

  it('shows a long value only around its first difference, saying how much is left out', () => {
    const e = seq(4096, (i) => i * 7);
    const a = [...e];
    a[2000] = a[2000]! ^ 1;
    const html = renderByteDiff('data', hex(e), hex(a));
    const rows = [...text(html).matchAll(/expected [0-9a-f]{4} /g)].map((m) => m[0]);
    expect(rows).toHaveLength(DIFF_ROWS);
    // The row before the difference for context, then the row that has it.
    expect(rows.slice(0, 2)).toEqual(['expected 07c0 ', 'expected 07d0 ']);
    expect(text(html)).toContain(`${256 - DIFF_ROWS} other rows of 16 bytes not shown`);
    expect(html.length).toBeLessThan(3000);
  });

  it('notes different lengths and shows the missing bytes as ··', () => {
    const e = seq(20, (i) => i);
    const html = text(renderByteDiff('key', hex(e), hex(e.slice(1))));
    expect(html).toContain('lengths: expected 20 B, actual 19 B');
    expect(html).toMatch(/actual {3}0010 {2}.*··/);
  });
});

describe('renderComparison', () => {
  it('shows an error answer against the expected success without listing every result as missing', () => {
    const html = text(
      renderComparison(
        { ok: true, message: 'ab'.repeat(100) },
        { ok: false, error: 'rejected', detail: 'msg_key_mismatch' },
      ),
    );
    expect(html).toContain('expected');
    expect(html).toContain('success');
    expect(html).toContain('error "rejected" (msg_key_mismatch)');
    expect(html).not.toContain('message');
  });

  it('lists the differing fields of a transcript observation, and counts the agreeing ones', () => {
    const observation = (status: string, outbox: number) => ({
      ok: true,
      status,
      outbox,
      checkpoint: { state: 'ready', in_seq_no: 2 },
    });
    const html = renderComparison(
      { step: 11, do: 'impl.receive #1', observation: observation('delivered', 1) },
      { step: 11, observation: observation('closed', 0) },
    );
    const rows = [
      ...html.matchAll(/<tr><th scope="row">([^<]+)<\/th><td>([^<]+)<\/td><td>([^<]+)<\/td><\/tr>/g),
    ].map((m) => [m[1], text(m[2]!), text(m[3]!)]);
    expect(rows).toEqual([
      ['observation.status', '"delivered"', '"closed"'],
      ['observation.outbox', '1', '0'],
    ]);
    expect(text(html)).toContain('at step 11 (impl.receive #1)');
    expect(text(html)).toContain('3 other fields agree');
  });

  it('escapes whatever an implementation answers', () => {
    const html = renderComparison({ ok: true, name: 'x' }, { ok: true, name: '<script>alert(1)</script>' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});
