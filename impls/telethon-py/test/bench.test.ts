// The bench op of the Telethon adapter (PROTOCOL.md §8), over the process's pipes: for the args of
// every vector of a workload, bench answers what the op answers (the same result, or the same
// error), and the request checks hold. No assertion here is about time. Skipped where Telethon is
// missing (telethon.test.ts fails for that under CI).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const here = join(import.meta.dirname, '..');
const PYTHON = '/usr/bin/python3';
const vectorDir = join(here, '..', '..', 'packages', 'vectors', 'testvectors_v1');
const available = spawnSync(PYTHON, ['-c', 'import telethon'], { cwd: '/', stdio: 'ignore' }).status === 0;

interface Group {
  readonly op: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
  readonly verify?: string;
  readonly tests: readonly ({ tcId: number; result: string } & Record<string, unknown>)[];
}

/** Every vector of `op` in `file` whose answer its arguments determine, as op arguments. */
function vectors(file: string, op: string) {
  const { testGroups } = JSON.parse(readFileSync(join(vectorDir, file), 'utf8')) as { testGroups: Group[] };
  return testGroups
    .filter((g) => g.op === op && g.verify === undefined)
    .flatMap((g) =>
      g.tests.map((t) => ({
        id: `${file}#${t.tcId}`,
        args: Object.fromEntries(Object.entries(g.inputs).map(([arg, field]) => [arg, t[field]])),
        outputs: Object.fromEntries(Object.entries(g.outputs).map(([res, field]) => [res, t[field]])),
        valid: t.result === 'valid',
      })),
    );
}

type Response = Record<string, unknown>;

/** Sends the requests (ids 1, 2, …) to one adapter process and returns the answers by id. */
function converse(requests: readonly Record<string, unknown>[]): Promise<Map<number, Response>> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, ['telethon_adapter.py'], { cwd: here, stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', () => {
      const answers = out
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Response);
      resolve(new Map(answers.map((a) => [Number(a['id']), a])));
    });
    child.stdin.end(requests.map((r, i) => `${JSON.stringify({ id: i + 1, ...r })}\n`).join(''));
  });
}

const withoutIdOk = ({ id: _id, ok: _ok, ...rest }: Response) => rest;

const FILES: Record<string, string> = {
  'ige.encrypt': 'ige_test.json',
  'ige.decrypt': 'ige_test.json',
  'mtproto2.kdf': 'mtproto2_test.json',
  'e2e.encrypt': 'e2e_encrypt_test.json',
  'e2e.decrypt': 'e2e_decrypt_test.json',
  'dh.key': 'dh_test.json',
};

describe.runIf(available)('bench (PROTOCOL.md §8)', () => {
  it.each(Object.entries(FILES))(
    '%s: answers what the op answers, for the args of every vector of %s',
    async (workload, file) => {
      const cases = vectors(file, workload);
      const requests = cases.flatMap(({ args }) => [
        { op: workload, ...args },
        { op: 'bench', workload, args, iterations: 2 },
      ]);
      const answers = await converse(requests);
      expect(answers.size).toBe(requests.length);
      const matchedVector: string[] = [];
      const codes = new Set<string>();
      cases.forEach(({ id, outputs, valid }, i) => {
        const op = answers.get(2 * i + 1)!;
        const bench = answers.get(2 * i + 2)!;
        if (op['ok'] !== true) {
          expect([bench['ok'], bench['error']], id).toEqual([false, op['error']]);
          codes.add(String(op['error']));
          return;
        }
        expect(bench, id).toMatchObject({ ok: true, iterations: 2, result: withoutIdOk(op) });
        expect(bench['elapsed_ns'], id).toMatch(/^[0-9]+$/);
        const expected = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, String(v)]));
        if (valid && JSON.stringify(bench['result']) === JSON.stringify(expected)) matchedVector.push(id);
      });
      if (workload === 'e2e.decrypt') {
        // Telethon never returns an E2E message; a ragged ciphertext kills the child (internal).
        expect([...codes].sort()).toEqual(['internal', 'rejected', 'unsupported']);
      } else {
        expect(matchedVector.length, 'valid vectors whose outputs bench reproduced').toBeGreaterThan(0);
      }
    },
  );

  it('answers unsupported for workloads it does not offer, and bad_input for bad requests', async () => {
    const ige = { key: '00'.repeat(32), iv: '00'.repeat(32), data: '00'.repeat(16) };
    const answers = await converse([
      { op: 'hello', protocol: 1 },
      { op: 'bench', workload: 'mtproto2.msg_key', args: {}, iterations: 1 },
      { op: 'bench', workload: 'chat.send', args: {}, iterations: 1 },
      { op: 'bench', workload: 'ige.encrypt', args: ige, iterations: 0 },
      { op: 'bench', workload: 'ige.encrypt', args: ige, iterations: 1_000_001 },
      { op: 'bench', workload: 'ige.encrypt', args: ige, iterations: true },
      { op: 'bench', workload: 'ige.encrypt', args: ige, iterations: 2.5 },
      { op: 'bench', workload: 'ige.encrypt', args: [ige], iterations: 1 },
      { op: 'bench', workload: 'ige.encrypt', iterations: 1 },
      { op: 'bench', workload: null, args: ige, iterations: 1 },
      { op: 'bench', workload: 'ige.encrypt', args: { ...ige, data: '00' }, iterations: 1 },
    ]);
    expect(answers.get(1)?.['ops']).toContain('bench');
    expect([...answers.values()].slice(1).map((a) => a['error'])).toEqual([
      'unsupported',
      'unsupported',
      'bad_input',
      'bad_input',
      'bad_input',
      'bad_input',
      'bad_input',
      'bad_input',
      'bad_input',
      'bad_input', // the workload's own argument check
    ]);
    expect(answers.get(2)?.['detail']).toMatch(/only inside encrypt_message_data/);
  });
});
