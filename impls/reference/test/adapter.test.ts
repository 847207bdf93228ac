// The adapter against every vector of packages/vectors/testvectors_v1, through the same
// dispatcher the process uses (handleLine: one request line in, one response line out), then the
// built process itself over real pipes.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decryptEnvelope, senderForKeyOffset } from '@conform/reference';
import { beforeAll, describe, expect, it } from 'vitest';
import { handleLine } from '../src/dispatch.js';
import { OPS, VERSION } from '../src/ops.js';

const root = join(import.meta.dirname, '..');
const vectorDir = join(root, '../../packages/vectors/testvectors_v1');

interface VectorTest {
  readonly tcId: number;
  readonly comment: string;
  readonly result: 'valid' | 'invalid' | 'acceptable';
  readonly [field: string]: unknown;
}
interface VectorGroup {
  readonly op: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
  readonly error?: string;
  readonly verify?: 'decrypt';
  readonly tests: readonly VectorTest[];
}
interface VectorFile {
  readonly numberOfTests: number;
  readonly testGroups: readonly VectorGroup[];
}

// The stateless files; chat transcripts need a peer and run through the runner (impls/mutants's
// catalogue test and the main job), and chat-ops.test.ts covers the chat ops' edges.
const files = readdirSync(vectorDir)
  .filter((name) => name.endsWith('_test.json') && name !== 'chat_test.json')
  .sort()
  .map((name) => ({ name, file: JSON.parse(readFileSync(join(vectorDir, name), 'utf8')) as VectorFile }));

type Response = Record<string, unknown> & { id: unknown; ok: boolean };

let nextId = 1;
async function call(request: Record<string, unknown>): Promise<Response> {
  const line = await handleLine(JSON.stringify(request));
  expect(line).toBeTypeOf('string');
  expect(line).not.toContain('\n');
  return JSON.parse(line!) as Response;
}

const fromHex = (value: unknown) => Uint8Array.from(Buffer.from(value as string, 'hex'));

/** Results compare with hex case ignored (responses may use either case, §3.3). */
function expectOutputs(group: VectorGroup, test: VectorTest, response: Response): void {
  for (const [result, field] of Object.entries(group.outputs)) {
    const expected = test[field];
    const actual = response[result];
    if (typeof expected === 'string') {
      expect(typeof actual, result).toBe('string');
      expect((actual as string).toLowerCase(), result).toBe(expected.toLowerCase());
    } else {
      expect(actual, result).toEqual(expected);
    }
  }
}

let vectorsRun = 0;

describe.each(files)('$name', ({ file }) => {
  it('declares as many tests as it holds', () => {
    expect(file.testGroups.reduce((n, g) => n + g.tests.length, 0)).toBe(file.numberOfTests);
  });

  const cases = file.testGroups.flatMap((group) => group.tests.map((test) => ({ group, test })));
  it.each(cases.map((c) => [`tcId ${c.test.tcId} ${c.group.op} ${c.test.result}`, c] as const))(
    '%s',
    async (_title, { group, test }) => {
      const request: Record<string, unknown> = { id: nextId++, op: group.op };
      for (const [argument, field] of Object.entries(group.inputs)) request[argument] = test[field];
      const response = await call(request);
      expect(response.id).toBe(request['id']);
      vectorsRun++;

      if (test.result === 'invalid') {
        expect(response, test.comment).toMatchObject({ ok: false, error: group.error });
        expect(response['detail']).toBeTypeOf('string');
        return;
      }
      if (test.result === 'acceptable' && !response.ok) {
        expect(response['error'], test.comment).toBe(group.error);
        return;
      }
      expect(response, test.comment).toMatchObject({ ok: true });
      if (group.verify === 'decrypt') {
        const opened = decryptEnvelope(
          fromHex(test[group.inputs['key']!]),
          senderForKeyOffset(test[group.inputs['x']!] as number),
          fromHex(response['data']),
        );
        expect(opened.ok).toBe(true);
        if (opened.ok)
          expect(Buffer.from(opened.message).toString('hex')).toBe(test[group.inputs['message']!]);
        return;
      }
      expect(Object.keys(response).sort()).toEqual(['id', 'ok', ...Object.keys(group.outputs)].sort());
      expectOutputs(group, test, response);
    },
  );
});

describe('every vector went through the dispatcher', () => {
  it('counts them', () => {
    const total = files.reduce((n, f) => n + f.file.numberOfTests, 0);
    expect(vectorsRun).toBe(total);
    console.error(`adapter: ${vectorsRun} vectors from ${files.length} files through handleLine`);
  });
});

describe('requests that are not well-formed', () => {
  const garbage = [
    'not json',
    '{',
    '[1,2]',
    '42',
    'null',
    '"hello"',
    '{"op":"hello"}',
    '{"id":"1","op":"hello"}',
  ];
  it.each(garbage)('%s → bad_request with id null', async (line) => {
    expect(JSON.parse((await handleLine(line))!)).toMatchObject({
      id: null,
      ok: false,
      error: 'bad_request',
    });
  });

  it('blank lines get no answer', async () => {
    expect(await handleLine('')).toBeUndefined();
    expect(await handleLine('  \t')).toBeUndefined();
  });

  it('a request without an op keeps its id', async () => {
    expect(await call({ id: 7 })).toMatchObject({ id: 7, ok: false, error: 'bad_request' });
  });

  it.each(['no.such.op', 'toString', '__proto__', 'constructor', 'chat.teleport'])(
    'unknown op %s → unsupported',
    async (op) => {
      expect(await call({ id: 8, op })).toMatchObject({ id: 8, ok: false, error: 'unsupported' });
    },
  );

  it('garbage arguments → bad_input naming the argument', async () => {
    const key = '00'.repeat(32);
    const cases: [Record<string, unknown>, string][] = [
      [{ op: 'ige.encrypt', iv: key, data: '' }, '"key"'],
      [{ op: 'ige.encrypt', key: 'zz'.repeat(32), iv: key, data: '' }, '"key"'],
      [{ op: 'ige.encrypt', key, iv: 5, data: '' }, '"iv"'],
      [{ op: 'ige.encrypt', key, iv: key, data: 'abc' }, '"data"'],
      [{ op: 'mtproto2.kdf', key: '00'.repeat(256), msg_key: '00'.repeat(16), x: '0' }, '"x"'],
      [{ op: 'dh.check_params', p: '', g: 2.5 }, '"g"'],
      [{ op: 'key.visual', key: '00'.repeat(256), key46: null }, '"key46"'],
      [{ op: 'tl.encode' }, '"object"'],
    ];
    for (const [request, name] of cases) {
      const response = await call({ id: 9, ...request });
      expect(response, JSON.stringify(request).slice(0, 80)).toMatchObject({
        id: 9,
        ok: false,
        error: 'bad_input',
      });
      expect(response['detail']).toContain(name);
    }
  });

  it('a 1 MiB line of hex is answered', async () => {
    const data = 'ab'.repeat(512 * 1024);
    const key = '11'.repeat(32);
    const encrypted = await call({ id: 10, op: 'ige.encrypt', key, iv: key, data });
    expect(encrypted).toMatchObject({ id: 10, ok: true });
    const decrypted = await call({ id: 11, op: 'ige.decrypt', key, iv: key, data: encrypted['data'] });
    expect(decrypted['data']).toBe(data);
    const rejected = await call({ id: 12, op: 'e2e.decrypt', key: '22'.repeat(256), x: 0, data });
    expect(rejected).toMatchObject({ id: 12, ok: false, error: 'rejected' });
  });

  it('hello names every op, itself included', async () => {
    const response = await call({ id: 0, op: 'hello', protocol: 1 });
    expect(response).toEqual({
      id: 0,
      ok: true,
      name: 'conform reference',
      version: VERSION,
      protocol: 1,
      ops: [...OPS.keys()],
    });
    expect(response['ops']).toContain('tl.decode');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});

describe('the built process (node dist/main.js)', () => {
  beforeAll(() => {
    execFileSync(join(root, '../../node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'inherit',
    });
  }, 120_000);

  it('answers hello and pipelined requests by id, then exits 0 when stdin closes', async () => {
    const conform = JSON.parse(readFileSync(join(root, 'conform.json'), 'utf8')) as { command: string[] };
    const [command, ...argv] = conform.command;
    const child = spawn(command === 'node' ? process.execPath : command!, argv, {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

    const key = '00'.repeat(32);
    const requests = [
      { id: 1, op: 'hello', protocol: 1 },
      ...Array.from({ length: 50 }, (_, i) => ({
        id: 100 + i,
        op: 'ige.encrypt',
        key,
        iv: key,
        data: '00'.repeat(16 * i),
      })),
      { id: 2, op: 'e2e.decrypt', key: '00'.repeat(256), x: 0, data: '00'.repeat(40) },
      { id: 3, op: 'nope' },
    ];
    child.stdin.write(requests.map((r) => JSON.stringify(r)).join('\n') + '\n' + 'garbage\n' + '\n');
    child.stdin.end();
    expect(await exited, stderr).toBe(0);

    const lines = stdout.split('\n');
    expect(lines.pop()).toBe('');
    const responses = lines.map((line) => JSON.parse(line) as Response);
    expect(responses).toHaveLength(requests.length + 1);
    const byId = new Map(responses.map((r) => [r.id, r]));
    expect(byId.get(1)).toMatchObject({ ok: true, protocol: 1, name: 'conform reference' });
    for (let i = 0; i < 50; i++) {
      const response = byId.get(100 + i)!;
      expect(response.ok).toBe(true);
      expect((response['data'] as string).length).toBe(32 * i);
    }
    expect(byId.get(2)).toMatchObject({ ok: false, error: 'rejected' });
    expect(byId.get(3)).toMatchObject({ ok: false, error: 'unsupported' });
    expect(byId.get(null)).toMatchObject({ ok: false, error: 'bad_request' });
    expect(stderr).toBe('');
  });
  it('answers slow requests while later ones in the same chunk still run: the runner times silence', async () => {
    // Ten DH keys (a 2048-bit exponentiation each, tens of ms) sent in one write. The adapter batches
    // the answers of one stdin chunk, but must write out what is ready every few milliseconds: the
    // first answer has to reach stdout before the last request is answered. With the whole chunk
    // answered in one write (the bug CI showed, a chat transcript timing out under load), every
    // answer would arrive in the same stdout chunk.
    const conform = JSON.parse(readFileSync(join(root, 'conform.json'), 'utf8')) as { command: string[] };
    const [command, ...argv] = conform.command;
    const child = spawn(command === 'node' ? process.execPath : command!, argv, {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const dh = (
      JSON.parse(readFileSync(join(vectorDir, 'dh_test.json'), 'utf8')) as {
        testGroups: { op: string; error?: string; tests: Record<string, unknown>[] }[];
      }
    ).testGroups.find((g) => g.op === 'dh.key' && g.error === undefined)!.tests[0]!;
    const arrivals: number[] = []; // how many answers each stdout chunk completed
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      arrivals.push(lines.length);
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const requests = Array.from({ length: 10 }, (_, i) => ({
      id: i + 1,
      op: 'dh.key',
      p: dh['p'],
      public: dh['public'],
      secret: dh['secret'],
    }));
    child.stdin.end(requests.map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(await exited).toBe(0);
    expect(arrivals.reduce((a, b) => a + b, 0)).toBe(10);
    expect(arrivals.filter((n) => n > 0).length).toBeGreaterThan(1);
  });
});
