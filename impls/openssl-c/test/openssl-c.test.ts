// The openssl-c adapter against the whole vector suite (every vector must pass or be acceptable),
// plus raw protocol exchanges that show the checks can fail: a malformed line, an unknown op, and
// an e2e.decrypt whose wire bytes have one flipped bit (R3.7) must each get their own error code.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_CODES, resolveImplSpec, runVectors } from '@conform/runner';
import { listVectorFiles } from '@conform/vectors';
import { beforeAll, describe, expect, it } from 'vitest';

const here = join(import.meta.dirname, '..');
const binary = join(here, 'build', 'openssl-c');
const repo = join(here, '..', '..');

/** The stateless ops of PROTOCOL.md §5 this adapter implements: all of them when it was written. */
const IMPLEMENTED = [
  'ige.encrypt',
  'ige.decrypt',
  'mtproto2.msg_key',
  'mtproto2.kdf',
  'e2e.encrypt',
  'e2e.decrypt',
  'dh.check_params',
  'dh.check_public',
  'dh.public',
  'dh.key',
  'key.fingerprint',
  'key.visual',
  'tl.encode',
  'tl.decode',
];

interface Exchange {
  readonly responses: Record<string, unknown>[];
  readonly status: number | null;
  readonly stderr: string;
}

/** Starts the adapter, writes `lines`, closes stdin, and collects every response line. */
function exchange(lines: readonly string[]): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [], { cwd: here, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      const responses = stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      resolve({ responses, status, stderr });
    });
    child.stdin.end(lines.map((line) => `${line}\n`).join(''));
  });
}

interface VectorTest {
  readonly tcId: number;
  readonly result: string;
  readonly [field: string]: unknown;
}

/** A valid e2e.decrypt vector of the suite: key, x, data and the message it carries. */
function validDecryptVector(): { key: string; x: number; data: string; message: string } {
  const file = join(repo, 'packages', 'vectors', 'testvectors_v1', 'e2e_decrypt_test.json');
  const vectors = JSON.parse(readFileSync(file, 'utf8')) as {
    testGroups: { tests: VectorTest[] }[];
  };
  const test = vectors.testGroups.flatMap((g) => g.tests).find((t) => t.result === 'valid');
  if (test === undefined) throw new Error('no valid e2e.decrypt vector');
  return {
    key: String(test['key']),
    x: Number(test['x']),
    data: String(test['data']),
    message: String(test['message']),
  };
}

interface VectorGroup {
  readonly op: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
  readonly verify?: string;
  readonly tests: readonly VectorTest[];
}

/** The vectors of `op` in `file` whose answer their arguments determine, as op arguments. */
function deterministicVectors(file: string, op: string) {
  const path = join(repo, 'packages', 'vectors', 'testvectors_v1', file);
  const { testGroups } = JSON.parse(readFileSync(path, 'utf8')) as { testGroups: VectorGroup[] };
  return testGroups
    .filter((g) => g.op === op && g.verify === undefined)
    .flatMap((g) =>
      g.tests.map((t) => ({
        id: `${file}#${t.tcId}`,
        op,
        args: Object.fromEntries(Object.entries(g.inputs).map(([arg, field]) => [arg, t[field]])),
        outputs: Object.fromEntries(Object.entries(g.outputs).map(([res, field]) => [res, t[field]])),
        valid: t.result === 'valid',
      })),
    );
}

/** Flips the lowest bit of byte `index` of a hex string. */
function flipByte(hex: string, index: number): string {
  const byte = (parseInt(hex.slice(2 * index, 2 * index + 2), 16) ^ 1).toString(16).padStart(2, '0');
  return hex.slice(0, 2 * index) + byte + hex.slice(2 * index + 2);
}

// Building needs a C toolchain, libssl-dev and libjansson-dev (.ci/run installs them). Without them
// these tests are skipped with a message — except under CI, where a missing library is a failure.
const toolchain = (() => {
  try {
    execFileSync(
      'bash',
      ['-c', 'command -v make && command -v cc && pkg-config --exists libcrypto jansson'],
      {
        stdio: 'ignore',
      },
    );
    return true;
  } catch {
    return false;
  }
})();
if (!toolchain) {
  if (process.env['CI'])
    throw new Error('openssl-c: the C toolchain or libssl-dev/libjansson-dev is missing');
  console.warn(
    'openssl-c: skipped — apt-get install gcc make pkg-config libssl-dev libjansson-dev to build and test it',
  );
}

beforeAll(() => {
  // Build (or bring up to date) build/openssl-c; make does nothing when it is current.
  if (toolchain) execFileSync('bash', ['build.sh'], { cwd: here, stdio: 'inherit' });
}, 120_000);

describe.runIf(toolchain)('openssl-c', () => {
  it('passes every stateless vector of the suite (no fail, no error, exit 0)', async () => {
    // Every file but the chat transcripts: this adapter has no chat state machine.
    const report = await runVectors(resolveImplSpec(here), {
      suites: listVectorFiles()
        .filter((f) => f !== 'chat_test.json')
        .map((f) => f.replace(/_test\.json$/, '')),
    });
    const bad = report.results.filter((r) => r.outcome === 'fail' || r.outcome === 'error');
    expect(
      bad.map((r) => `${r.file}#${r.tcId}`),
      bad.map((r) => `${r.file}#${r.tcId} ${r.op}: ${r.outcome} ${r.detail}`).join('\n'),
    ).toEqual([]);
    // Every op of the stateless table of its time is implemented, so none of their vectors is
    // skipped; ops added to the protocol later (key.picture, …) are answered `unsupported`.
    expect(report.implementation.hello?.ops).toEqual(expect.arrayContaining(IMPLEMENTED));
    const skipped = new Set(report.results.filter((r) => r.outcome === 'skip').map((r) => r.op));
    expect(
      [...skipped].filter((op) => IMPLEMENTED.includes(op)),
      'every op is implemented: none of their vectors is skipped',
    ).toEqual([]);
    expect(report.summary.pass).toBeGreaterThan(500);
    expect(report.exitCode).toBe(EXIT_CODES.ok);
  });

  it('answers a bad line, an unknown op and a tampered message with their own error codes', async () => {
    const v = validDecryptVector();
    const decrypt = (id: number, data: string) =>
      JSON.stringify({ id, op: 'e2e.decrypt', key: v.key, x: v.x, data });
    const { responses, status, stderr } = await exchange([
      '{"id": 0, "op":', // not JSON
      '', // blank: no answer (PROTOCOL.md §1)
      '[1, 2]', // JSON, but not an object
      JSON.stringify({ id: 1, op: 'hello', protocol: 1 }),
      JSON.stringify({ id: 2, op: 'chat.create', chat: 'alice', role: 'creator' }),
      JSON.stringify({ id: 3, op: 'ige.encrypt', key: '00'.repeat(32), iv: '00'.repeat(32), data: '26' }),
      decrypt(4, v.data),
      decrypt(5, flipByte(v.data, v.data.length / 2 - 1)), // the last ciphertext byte
      decrypt(6, flipByte(v.data, 8)), // the first msg_key byte
    ]);
    expect(status, stderr).toBe(0);
    expect(responses.map((r) => [r['id'], r['ok'], r['error']])).toEqual([
      [null, false, 'bad_request'],
      [null, false, 'bad_request'],
      [1, true, undefined],
      [2, false, 'unsupported'],
      [3, false, 'bad_input'],
      [4, true, undefined],
      [5, false, 'rejected'],
      [6, false, 'rejected'],
    ]);
    expect(responses[2]).toMatchObject({ protocol: 1, name: 'openssl-c' });
    expect(responses[5]?.['message']).toBe(v.message);
  });

  it('benches a workload with the result the op itself answers, and checks bench requests (PROTOCOL.md §8)', async () => {
    const v = validDecryptVector();
    const args = { key: v.key, x: v.x, data: v.data };
    const ige = { key: '00'.repeat(32), iv: '00'.repeat(32), data: '00'.repeat(32) };
    const bench = (id: number, workload: unknown, a: unknown, iterations: unknown) =>
      JSON.stringify({ id, op: 'bench', workload, args: a, iterations });
    const { responses, status, stderr } = await exchange([
      JSON.stringify({ id: 1, op: 'hello', protocol: 1 }),
      bench(2, 'e2e.decrypt', args, 5),
      bench(3, 'e2e.decrypt', { ...args, data: flipByte(v.data, 8) }, 5), // the op's own refusal
      bench(4, 'tl.decode', { bytes: '' }, 1), // an op, but not a workload here
      bench(5, 'chat.send', {}, 1),
      bench(6, 'ige.encrypt', ige, 0),
      bench(7, 'ige.encrypt', ige, 1_000_001),
      bench(8, 'ige.encrypt', ige, 2.5),
      bench(9, 'ige.encrypt', ige, '3'),
      bench(10, 'ige.encrypt', [ige], 1),
      bench(11, 7, ige, 1),
      bench(12, 'ige.encrypt', { ...ige, data: '26' }, 1), // the workload's own argument check
      JSON.stringify({ id: 13, op: 'bench', workload: 'ige.encrypt', args: ige }),
    ]);
    expect(status, stderr).toBe(0);
    expect(responses[0]?.['ops']).toContain('bench');
    expect(responses[1]).toMatchObject({ id: 2, ok: true, iterations: 5, result: { message: v.message } });
    expect(responses[1]?.['elapsed_ns']).toMatch(/^[0-9]+$/);
    expect(responses.slice(2).map((r) => [r['id'], r['error']])).toEqual([
      [3, 'rejected'],
      [4, 'unsupported'],
      [5, 'unsupported'],
      [6, 'bad_input'],
      [7, 'bad_input'],
      [8, 'bad_input'],
      [9, 'bad_input'],
      [10, 'bad_input'],
      [11, 'bad_input'],
      [12, 'bad_input'],
      [13, 'bad_input'],
    ]);
  });

  it('answers bench with what the op answers, for the args of every vector of each workload', async () => {
    const workloads: Record<string, string> = {
      'ige.encrypt': 'ige_test.json',
      'ige.decrypt': 'ige_test.json',
      'mtproto2.msg_key': 'mtproto2_test.json',
      'mtproto2.kdf': 'mtproto2_test.json',
      'e2e.encrypt': 'e2e_encrypt_test.json',
      'e2e.decrypt': 'e2e_decrypt_test.json',
      'dh.key': 'dh_test.json',
    };
    const cases = Object.entries(workloads).flatMap(([op, file]) => deterministicVectors(file, op));
    const lines = cases.flatMap(({ op, args }, i) => [
      JSON.stringify({ id: 2 * i + 1, op, ...args }),
      JSON.stringify({ id: 2 * i + 2, op: 'bench', workload: op, args, iterations: 3 }),
    ]);
    const { responses, status, stderr } = await exchange(lines);
    expect(status, stderr).toBe(0);
    expect(responses).toHaveLength(lines.length);
    const checked = new Set<string>();
    cases.forEach(({ id, op: name, outputs, valid }, i) => {
      const { id: _id, ok, ...results } = responses[2 * i]!;
      const bench = responses[2 * i + 1]!;
      if (ok !== true) {
        expect([bench['ok'], bench['error']], id).toEqual([false, results['error']]);
        return;
      }
      expect(bench, id).toMatchObject({ ok: true, iterations: 3, result: results });
      if (valid) {
        expect(bench['result'], id).toEqual(outputs); // every valid vector passes here
        checked.add(name);
      }
    });
    expect([...checked].sort()).toEqual(Object.keys(workloads).sort());
  });

  it('derives every constructor id of its vendored TL schema from the schema line (spec §7.1)', () => {
    const out = execFileSync(binary, ['--check-schema'], { cwd: here, encoding: 'utf8' });
    expect(out).toMatch(/, 0 id mismatches\n$/);
  });

  it('vendors the same schema lines as packages/reference', () => {
    const tl = readFileSync(join(here, 'schema', 'secret.tl'), 'utf8')
      .split('\n')
      .filter((line) => /^[a-z]/.test(line));
    const source = readFileSync(join(repo, 'packages', 'reference', 'src', 'tl', 'schema.ts'), 'utf8');
    const block = source.slice(source.indexOf('export const SECRET_TL_LINES'));
    const reference = [...block.slice(0, block.indexOf('];')).matchAll(/^\s*'([^']+)',$/gm)].map((m) => m[1]);
    expect(tl).toEqual(reference);
  });
});
