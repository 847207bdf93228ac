// fast-node as the runner sees it: the built process (node dist/main.js, conform.json) through
// every vector suite, stateless and chat (no fail, no error, nothing skipped), then raw protocol
// exchanges over real pipes: hello, pipelining, bad lines, unknown ops, exit 0 on end of input.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { handleRequest as referenceHandle, OPS as REFERENCE_OPS } from '@conform/impl-reference';
import { EXIT_CODES, resolveImplSpec, runVectors, type RunReport } from '@conform/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleLine } from '../src/line.js';
import { IGE_PATH } from '../src/ige.js';
import { NATIVE_ENV } from '../src/native.js';
import { OPS, VERSION } from '../src/ops.js';
import { WORKLOADS } from '../src/workloads.js';

const here = join(import.meta.dirname, '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

let report: RunReport;

beforeAll(async () => {
  // conform.json starts dist/main.js: build it from the sources under test.
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: here, stdio: 'inherit' });
  report = await runVectors(resolveImplSpec(here));
}, 600_000);

describe('conform run impls/fast-node', () => {
  it('passes every vector of every suite: no fail, no error, nothing skipped, exit 0', () => {
    const bad = report.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error');
    expect(
      bad.map((r) => `${r.file}#${r.tcId}`),
      bad.map((r) => `${r.file}#${r.tcId} ${r.op}: ${r.outcome} ${r.detail}`).join('\n'),
    ).toEqual([]);
    expect(report.summary.skip).toBe(0);
    expect(report.summary.notRun).toBe(0);
    expect(report.stopped).toBeUndefined();
    expect(report.results.some((r) => r.file === 'chat_test.json')).toBe(true);
    expect(report.summary.pass).toBeGreaterThan(600);
    expect(report.exitCode).toBe(EXIT_CODES.ok);
  });

  it('says hello as fast-node, with the reference’s ops and bench', () => {
    expect(report.implementation.hello?.name).toBe('conform fast-node');
    expect(report.implementation.hello?.version).toBe(VERSION);
    expect(VERSION).toBe(`0.1.0 (${IGE_PATH})`);
    // The reference's ops in its order; bench where the reference lists it, else last.
    expect(report.implementation.hello?.ops).toEqual([...new Set([...REFERENCE_OPS.keys(), 'bench'])]);
  });
});

describe(`conform run impls/fast-node with ${NATIVE_ENV}=0 (the JavaScript path forced)`, () => {
  let forced: RunReport;
  const saved = process.env[NATIVE_ENV];

  beforeAll(async () => {
    process.env[NATIVE_ENV] = '0'; // the runner's child inherits this process's environment
    forced = await runVectors(resolveImplSpec(here));
  }, 600_000);

  afterAll(() => {
    if (saved === undefined) delete process.env[NATIVE_ENV];
    else process.env[NATIVE_ENV] = saved;
  });

  it('passes every vector of every suite: no fail, no error, nothing skipped, exit 0', () => {
    const bad = forced.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error');
    expect(
      bad.map((r) => `${r.file}#${r.tcId}`),
      bad.map((r) => `${r.file}#${r.tcId} ${r.op}: ${r.outcome} ${r.detail}`).join('\n'),
    ).toEqual([]);
    expect(forced.summary.skip).toBe(0);
    expect(forced.summary.notRun).toBe(0);
    expect(forced.summary.pass).toBeGreaterThan(600);
    expect(forced.exitCode).toBe(EXIT_CODES.ok);
  });

  it('says in hello that the JavaScript path answers', () => {
    expect(forced.implementation.hello?.version).toBe('0.1.0 (JavaScript)');
  });
});

describe('the op table', () => {
  it('is the reference’s with the hot paths replaced', () => {
    const replaced = [...OPS.keys()].filter((name) => OPS.get(name) !== REFERENCE_OPS.get(name));
    expect(replaced.sort()).toEqual(['bench', 'hello', ...WORKLOADS.keys()].sort());
  });

  it('answers hello in protocol 1 only', () => {
    const answer = JSON.parse(handleLine('{"id":3,"op":"hello","protocol":2}')!) as Record<string, unknown>;
    expect(answer).toMatchObject({ id: 3, ok: false, error: 'unsupported' });
  });
});

describe('the built process (node dist/main.js)', () => {
  it('answers hello, pipelined requests and bad lines by id, then exits 0 when stdin closes', async () => {
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: here, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

    const key = '00'.repeat(32);
    const requests = [
      { id: 1, op: 'hello', protocol: 1 },
      ...Array.from({ length: 40 }, (_, i) => ({
        id: 100 + i,
        op: i % 2 === 0 ? 'ige.encrypt' : 'ige.decrypt',
        key,
        iv: key,
        data: '00'.repeat(16 * i),
      })),
      { id: 2, op: 'e2e.decrypt', key: '00'.repeat(256), x: 0, data: '00'.repeat(40) },
      { id: 3, op: 'nope' },
      { id: 4, op: 'ige.encrypt', key, iv: key, data: '00' },
      { id: 5, op: 'bench', workload: 'ige.encrypt', args: { key, iv: key, data: '' }, iterations: 2 },
    ];
    child.stdin.end(requests.map((r) => JSON.stringify(r)).join('\n') + '\n{"id": 0, "op":\n\n');
    expect(await exited, stderr).toBe(0);

    const lines = stdout.split('\n');
    expect(lines.pop()).toBe('');
    const responses = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(responses).toHaveLength(requests.length + 1); // the blank line gets no answer
    const byId = new Map(responses.map((r) => [r['id'], r]));
    expect(byId.get(1)).toMatchObject({ ok: true, protocol: 1, name: 'conform fast-node' });
    for (const request of requests.filter((r) => r.id >= 100)) {
      const expected = referenceHandle(request) as unknown as Record<string, unknown>;
      expect(byId.get(request.id)).toEqual({ id: request.id, ok: true, data: expected['data'] });
    }
    expect(byId.get(2)).toMatchObject({ ok: false, error: 'rejected' });
    expect(byId.get(3)).toMatchObject({ ok: false, error: 'unsupported' });
    expect(byId.get(4)).toMatchObject({ ok: false, error: 'bad_input' });
    expect(byId.get(5)).toMatchObject({ ok: true, iterations: 2, result: { data: '' } });
    expect(byId.get(null)).toMatchObject({ ok: false, error: 'bad_request' });
    expect(stderr).toBe('');
  });
});
