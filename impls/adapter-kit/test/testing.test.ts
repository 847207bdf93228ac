// @conform/adapter-kit/testing's plumbing: vectors as op calls, and the exchanges matching answers
// to requests by id (the bench suite itself runs in every adapter's bench.test.ts).
import { describe, expect, it } from 'vitest';
import { hex, type Op } from '../src/index.js';
import {
  lineExchange,
  processExchange,
  serveExchange,
  vectorCases,
  WORKLOAD_FILES,
} from '../src/testing/index.js';

describe('vectorCases', () => {
  it('gives each ige.encrypt vector as the op arguments and its expected outputs', () => {
    const cases = vectorCases(WORKLOAD_FILES['ige.encrypt']!, 'ige.encrypt');
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(c.id).toMatch(/^ige_test\.json#[0-9]+$/);
      expect(Object.keys(c.args).sort()).toEqual(['data', 'iv', 'key']);
      if (c.valid) expect(c.outputs['data']).toMatch(/^[0-9a-f]*$/);
    }
    expect(cases.some((c) => c.valid)).toBe(true);
  });

  it('names a missing file', () => {
    expect(() => vectorCases('nope_test.json', 'ige.encrypt')).toThrow(/no vector file nope_test\.json/);
  });
});

const echo: Op = (args) => ({ data: hex(Buffer.from(String(args['text']))) });

describe('exchanges', () => {
  it('serveExchange answers in request order, hello included', async () => {
    const exchange = serveExchange({ name: 'echo', version: '1' }, new Map([['echo', echo]]));
    const [hello, a, b, missing] = await exchange([
      { op: 'hello', protocol: 1 },
      { op: 'echo', text: 'a' },
      { op: 'echo', text: 'b' },
      { op: 'nothing' },
    ]);
    expect(hello?.['ops']).toEqual(['hello', 'echo']);
    expect([a?.['data'], b?.['data']]).toEqual(['61', '62']);
    expect([missing?.['ok'], missing?.['error']]).toEqual([false, 'unsupported']);
  });

  it('lineExchange matches answers by id, and says which request got none', async () => {
    const reversed = lineExchange(async (line) => {
      const { id } = JSON.parse(line) as { id: number };
      return id === 3 ? undefined : JSON.stringify({ id, ok: true, n: id * 10 });
    });
    expect((await reversed([{ op: 'x' }, { op: 'y' }])).map((r) => r['n'])).toEqual([10, 20]);
    await expect(reversed([{ op: 'x' }, { op: 'y' }, { op: 'z' }])).rejects.toThrow(
      /did not answer request 3/,
    );
  });

  it('processExchange talks to a child process over its pipes', async () => {
    const script =
      "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{for(const l of s.split('\\n').filter(Boolean)){const r=JSON.parse(l);process.stdout.write(JSON.stringify({id:r.id,ok:true,op:r.op})+'\\n')}})";
    const answers = await processExchange(
      process.execPath,
      ['-e', script],
      import.meta.dirname,
    )([{ op: 'p' }, { op: 'q' }]);
    expect(answers.map((r) => r['op'])).toEqual(['p', 'q']);
  });
});
