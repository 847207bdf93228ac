// Units of `conform run`: impl resolution, the protocol client's limits, judging and reports.
import { mkdtempSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ref from '@conform/reference';
import { describe, expect, it } from 'vitest';
import { toHex } from '../src/hex.js';
import { ConfigError } from '../src/run/errors.js';
import { runVectors } from '../src/run/execute.js';
import { resolveImplSpec } from '../src/run/impl-spec.js';
import { hexDiff, judge } from '../src/run/judge.js';
import { ProtocolClient, ProtocolClientError } from '../src/run/protocol-client.js';
import { formatHuman, formatJUnit, shouldUseColor } from '../src/run/report.js';
import { parseShard, selectTests } from '../src/run/select.js';
import { FIXTURES, fake } from './run-helpers.js';

describe('resolveImplSpec', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'conform-impl-'));
  const dir = (name: string, conform?: string) => {
    const d = join(tmp, name);
    mkdirSync(d);
    if (conform !== undefined) writeFileSync(join(d, 'conform.json'), conform);
    return d;
  };

  it('reads conform.json and runs in its directory', () => {
    const spec = resolveImplSpec(join(FIXTURES, 'ige-dir'));
    expect(spec).toEqual({
      name: 'fake-ige-dir',
      command: ['node', '../ige-only.mjs'],
      cwd: join(FIXTURES, 'ige-dir'),
    });
  });

  it('accepts an executable file', () => {
    const file = join(tmp, 'impl.sh');
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
    expect(resolveImplSpec(file)).toMatchObject({ name: 'impl.sh', command: [file], cwd: tmp });
  });

  it.each([
    ['missing path', () => join(tmp, 'nope'), /not found/],
    ['no conform.json', () => dir('empty'), /has no conform.json/],
    ['invalid JSON', () => dir('badjson', '{name'), /not valid JSON/],
    ['no name', () => dir('noname', '{"command": ["x"]}'), /"name"/],
    ['empty command', () => dir('nocmd', '{"name": "x", "command": []}'), /"command"/],
    ['non-string argv', () => dir('badargv', '{"name": "x", "command": ["a", 1]}'), /"command"/],
    [
      'a non-executable file',
      () => (writeFileSync(join(tmp, 'plain'), ''), join(tmp, 'plain')),
      /not executable/,
    ],
  ])('refuses %s with a ConfigError (exit 2)', (_, make, message) => {
    const target = make();
    expect(() => resolveImplSpec(target)).toThrow(ConfigError);
    expect(() => resolveImplSpec(target)).toThrow(message);
  });

  it('runs an implementation given by directory through conform.json', async () => {
    const report = await runVectors(resolveImplSpec(join(FIXTURES, 'ige-dir')), {
      filter: 'ige_test.json#1 ',
    });
    expect(report.results.map((r) => r.outcome)).toEqual(['pass']);
  });
});

describe('ProtocolClient', () => {
  it('drains a flooding stderr into a bounded tail', async () => {
    const client = new ProtocolClient(fake('flood-stderr.mjs'), { stderrTailBytes: 4096 });
    await client.hello();
    await Promise.all(Array.from({ length: 20 }, () => client.request('key.fingerprint', { key: '00' })));
    expect((await client.close()).code).toBe(0);
    expect(client.stderrBytes).toBeGreaterThan(3 * 1024 * 1024);
    expect(client.stderrTail().length).toBeLessThan(4096 + 100);
    expect(client.stderrTail()).toMatch(/earlier bytes dropped/);
  });

  it('rejects a line longer than the limit as a protocol error', async () => {
    const client = new ProtocolClient(fake('flood-stderr.mjs'), { maxLineLength: 16 });
    const error = await client.hello().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolClientError);
    expect((error as ProtocolClientError).code).toBe('protocol_error');
    await client.exited;
  });

  it('holds a pipelined child to silence, not to answering the whole window within the timeout', async () => {
    // 12 requests of 100 ms each, all in flight: 1.2 s in all, against a 600 ms timeout. Each answer
    // restarts the clock, so none times out; the old per-request clock failed the later ones.
    const slow = fake('slow.mjs');
    const client = new ProtocolClient(
      { ...slow, command: [...slow.command, '0', '100'] },
      { timeoutMs: 600 },
    );
    await client.hello();
    const args = { key: '00'.repeat(32), iv: '00'.repeat(32), data: '00'.repeat(16) };
    const answers = await Promise.all(Array.from({ length: 12 }, () => client.request('ige.encrypt', args)));
    expect(answers.map((a) => a.ok)).toEqual(Array(12).fill(true));
    expect(await client.close()).toEqual({ code: 0, signal: null });
  });

  it('gives hello its own start-up allowance, apart from the request timeout', async () => {
    const spec = fake('slow.mjs', '700', '0');
    const patient = new ProtocolClient(spec, { timeoutMs: 100 });
    expect((await patient.hello()).name).toBe('fake-ige');
    await patient.close();
    const impatient = new ProtocolClient(spec, { timeoutMs: 100, startTimeoutMs: 100 });
    await expect(impatient.hello()).rejects.toMatchObject({ code: 'timeout' });
  });

  it('times out a request, kills the child and rejects the rest as not the culprit', async () => {
    const client = new ProtocolClient(fake('hang.mjs'), {
      timeoutMs: 200,
      window: 2,
      startTimeoutMs: 30_000,
    });
    await client.hello();
    const settled = await Promise.allSettled([1, 2, 3].map(() => client.request('ige.encrypt', {})));
    const errors = settled.map((s) =>
      s.status === 'rejected' ? (s.reason as ProtocolClientError) : undefined,
    );
    expect(errors.map((e) => [e?.code, e?.info.culprit, e?.info.sent])).toEqual([
      ['timeout', true, true],
      ['timeout', false, true],
      ['timeout', false, false],
    ]);
    expect((await client.exited).signal).toBe('SIGKILL');
  });
});

describe('judging', () => {
  const [ige] = selectTests({ filter: 'ige_test.json#1 ' });
  it('compares hex case-insensitively and describes the first differing byte', () => {
    const expected = String(ige!.test.ct);
    expect(judge(ige!, { id: 1, ok: true, data: expected.toUpperCase() }, false).outcome).toBe('pass');
    const wrong = expected.slice(0, 6) + (expected[6] === '0' ? '1' : '0') + expected.slice(7);
    const j = judge(ige!, { id: 1, ok: true, data: wrong }, false);
    expect(j.outcome).toBe('fail');
    expect(j.detail).toMatch(/^data differs at byte 3: expected /);
    expect(hexDiff('x', 'aabb', 'aa')).toBe(
      'x differs at byte 1: expected bb, got (end) (lengths: expected 2 B, got 1 B)',
    );
  });

  it('invalid tests need the group error; acceptable tests allow either, or the error with strict', () => {
    const acceptable = selectTests({ suites: ['e2e_decrypt'] }).find((t) => t.test.result === 'acceptable')!;
    const rejected = { id: 1, ok: false, error: 'rejected' };
    const other = { id: 1, ok: false, error: 'bad_input' };
    expect(judge(acceptable, rejected, false).outcome).toBe('acceptable');
    expect(judge(acceptable, other, false).outcome).toBe('fail');
    expect(judge(acceptable, rejected, true).outcome).toBe('pass');
    expect(
      judge(acceptable, { id: 1, ok: true, message: String(acceptable.test.message ?? '') }, true).outcome,
    ).toBe('fail');
    expect(judge(acceptable, { id: 1, ok: false, error: 'unsupported' }, false).outcome).toBe('skip');
  });

  it('checks verify:"decrypt" results by decrypting with the reference', () => {
    const t = selectTests({ suites: ['e2e_encrypt'] }).find(
      (x) => x.group.verify === 'decrypt' && x.test.result === 'valid',
    )!;
    const key = Uint8Array.from(Buffer.from(String(t.test.key), 'hex'));
    const message = Uint8Array.from(Buffer.from(String(t.test.message), 'hex'));
    const sender = ref.senderForKeyOffset(Number(t.test.x));
    const good = ref.encryptEnvelope(key, sender, message, {
      padding: new Uint8Array(16 + ((12 - message.length) & 15)),
    });
    expect(judge(t, { id: 1, ok: true, data: toHex(good) }, false)).toMatchObject({ outcome: 'pass' });
    const other = ref.encryptEnvelope(key, ref.peerOf(sender), message, {
      padding: new Uint8Array(16 + ((12 - message.length) & 15)),
    });
    expect(judge(t, { id: 1, ok: true, data: toHex(other) }, false).detail).toMatch(/reference rejects/);
  });
});

describe('selection and reports', () => {
  it('refuses bad shards, regexes and suites', () => {
    expect(() => parseShard('0/2')).toThrow(ConfigError);
    expect(() => parseShard('3/2')).toThrow(ConfigError);
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(() => selectTests({ filter: '/(/' })).toThrow(ConfigError);
    expect(() => selectTests({ suites: ['nope'] })).toThrow(/unknown suite nope/);
  });

  it('writes JSON, JUnit and human reports that keep results from before a crash', async () => {
    const report = await runVectors(fake('crash-third.mjs'), { suites: ['ige'], filter: '/#[1-6] /' });
    const json = JSON.parse(JSON.stringify(report)) as typeof report;
    expect(json.results).toHaveLength(6);
    expect(json.results.filter((r) => r.outcome === 'pass').length).toBeGreaterThan(0);
    const junit = formatJUnit(report);
    expect(junit.match(/<testcase /g)).toHaveLength(6);
    expect(junit).toMatch(/<error message="the implementation exited with status 7"/);
    const human = formatHuman(report, { color: false });
    expect(human).toMatch(/ERROR ige_test\.json#\d+ ige\.\w+crypt/);
    expect(human).toMatch(/fatal: cannot handle request/);
    expect(human).toMatch(/exit 1/);
    expect(human.includes('\u001b[')).toBe(false);
    expect(formatHuman(report, { color: true }).includes('\u001b[31m')).toBe(true);
  });

  it('follows NO_COLOR, FORCE_COLOR and the TTY', () => {
    expect(shouldUseColor({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
    expect(shouldUseColor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(shouldUseColor({ FORCE_COLOR: '0' }, true)).toBe(true);
    expect(shouldUseColor({}, false)).toBe(false);
  });
});
