// The JSON Schemas of the conform protocol v1 (protocol-schemas/, by Ajv) against what is really
// sent and answered: every request the runner builds from the vectors, every answer of the
// reference adapter (impls/reference), and every example line in PROTOCOL.md.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { createChatOps, createHandler } from '@conform/impl-reference';
import { playTranscript, type TranscriptSpec } from '@conform/vectors';
import { beforeAll, describe, expect, it } from 'vitest';

const PACKAGE_ROOT = join(import.meta.dirname, '..');
const REPO_ROOT = join(PACKAGE_ROOT, '..', '..');
const SCHEMA_DIR = join(PACKAGE_ROOT, 'protocol-schemas');
const VECTOR_DIR = join(REPO_ROOT, 'packages', 'vectors', 'testvectors_v1');
const ADAPTER = join(REPO_ROOT, 'impls', 'reference', 'dist', 'main.js');

type Json = Record<string, unknown>;

interface VectorGroup {
  readonly op: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly error?: string;
  readonly tests: readonly Json[];
}

interface VectorRequest {
  readonly name: string;
  readonly error: string | undefined;
  readonly result: unknown;
  readonly request: Json;
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/** Every request the runner sends for the vectors: `{ id, op, ...args }`, args from the group's inputs. */
function vectorRequests(): VectorRequest[] {
  const requests: VectorRequest[] = [];
  let id = 1;
  for (const file of readdirSync(VECTOR_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const { testGroups } = readJson(join(VECTOR_DIR, file)) as { testGroups: VectorGroup[] };
    for (const group of testGroups.filter((g) => g.op !== 'chat')) {
      for (const test of group.tests) {
        const args: Json = {};
        for (const [arg, field] of Object.entries(group.inputs)) {
          if (test[field] !== undefined) args[arg] = test[field];
        }
        requests.push({
          name: `${file} tcId ${String(test.tcId)} (${group.op})`,
          error: group.error,
          result: test.result,
          request: { ...args, id: id++, op: group.op },
        });
      }
    }
  }
  return requests;
}

const ajv = new Ajv2020.default({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
});
ajv.addSchema(readJson(join(SCHEMA_DIR, 'request.schema.json')) as object);
ajv.addSchema(readJson(join(SCHEMA_DIR, 'response.schema.json')) as object);

function validator(ref: string) {
  const validate = ajv.getSchema(ref);
  if (validate === undefined) throw new Error(`no schema ${ref}`);
  return validate;
}
const validateRequest = validator('request.schema.json');
const validateResponse = validator('response.schema.json');
const validateError = validator('response.schema.json#/$defs/error');
const validateResults = (op: string) => validator(`response.schema.json#/$defs/results/${op}`);

/** Undefined when `value` is valid, else Ajv's errors as text. */
function problems(validate: ReturnType<typeof validator>, value: unknown): string | undefined {
  return validate(value) ? undefined : ajv.errorsText(validate.errors, { separator: '; ' });
}

const FROZEN_OPS = [
  'hello',
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
const CHAT_OPS = [
  'chat.create',
  'chat.request',
  'chat.accept',
  'chat.confirm',
  'chat.send',
  'chat.receive',
  'chat.rekey',
  'chat.state',
  'chat.close',
];

// Ops added to v1 after it was frozen: optional, answered `unsupported` by implementations without them.
const VECTOR_OPS_ADDED = ['key.picture', 'key.emoji', 'api.encode', 'api.decode'];
// `bench` (§8) has no vectors: conform bench sends it.
const ADDED_OPS = [...VECTOR_OPS_ADDED, 'bench'];

const requests = vectorRequests();
const shapeBreakers = requests.filter((r) => r.error === 'bad_input');
const wellShaped = requests.filter((r) => r.error !== 'bad_input');

describe('the schemas', () => {
  it('cover exactly the frozen ops, the chat ops and the ops added since', () => {
    const request = readJson(join(SCHEMA_DIR, 'request.schema.json')) as { oneOf: { $ref: string }[] };
    expect(request.oneOf.map((b) => b.$ref.replace('#/$defs/', ''))).toEqual([
      ...FROZEN_OPS,
      ...CHAT_OPS,
      ...ADDED_OPS,
    ]);
    const response = readJson(join(SCHEMA_DIR, 'response.schema.json')) as {
      $defs: { results: Record<string, unknown> };
    };
    expect(Object.keys(response.$defs.results)).toEqual([...FROZEN_OPS, ...CHAT_OPS, ...ADDED_OPS]);
  });

  it('reject requests with an unknown field, op or a missing argument', () => {
    const key = 'ab'.repeat(32);
    const ige = { id: 1, op: 'ige.encrypt', key, iv: key, data: '' };
    expect(problems(validateRequest, ige)).toBeUndefined();
    expect(validateRequest({ ...ige, extra: 1 })).toBe(false);
    expect(validateRequest({ ...ige, op: 'ige.encrypt2' })).toBe(false);
    expect(validateRequest({ ...ige, id: 1.5 })).toBe(false);
    expect(validateRequest({ ...ige, key: key.toUpperCase() })).toBe(false);
    const { data: _data, ...noData } = ige;
    expect(validateRequest(noData)).toBe(false);
  });
});

describe('requests built from the vectors', () => {
  it('exist for every frozen op but hello, and include shape-breaking ones', () => {
    expect(new Set(requests.map((r) => r.request.op))).toEqual(
      new Set([...FROZEN_OPS.slice(1), ...VECTOR_OPS_ADDED]),
    );
    expect(shapeBreakers.length).toBeGreaterThan(0);
  });

  it('validate against request.schema.json (all but the bad_input groups)', () => {
    const failures = wellShaped
      .map((r) => [r.name, problems(validateRequest, r.request)] as const)
      .filter(([, p]) => p !== undefined);
    expect(failures).toEqual([]);
  });

  it('fail request.schema.json in the bad_input groups (the schema checks lengths and shapes)', () => {
    const passing = shapeBreakers.filter((r) => validateRequest(r.request)).map((r) => r.name);
    expect(passing).toEqual([]);
  });
});

/** Sends every line to one adapter process and collects its answers by id. */
async function converse(lines: readonly string[]): Promise<{ responses: Json[]; code: number | null }> {
  const child = spawn(process.execPath, [ADAPTER], { stdio: ['pipe', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (stdout += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  const code = await exited;
  const responses = stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Json);
  return { responses, code };
}

describe('the reference adapter answers', () => {
  let byId: Map<unknown, Json>;
  let exitCode: number | null;

  beforeAll(async () => {
    execFileSync(
      'npx',
      ['turbo', 'run', 'build', '--filter=@conform/impl-reference', '--output-logs=errors-only'],
      { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const hello = JSON.stringify({ id: 0, op: 'hello', protocol: 1 });
    const { responses, code } = await converse([hello, ...wellShaped.map((r) => JSON.stringify(r.request))]);
    byId = new Map(responses.map((r) => [r.id, r]));
    exitCode = code;
  }, 600_000);

  it('every request once, and exits 0 at the end of stdin', () => {
    expect(byId.size).toBe(wellShaped.length + 1);
    expect(exitCode).toBe(0);
  });

  it('hello with results valid against results/hello', () => {
    expect(problems(validateResults('hello'), byId.get(0))).toBeUndefined();
  });

  it('each request with a response valid against response.schema.json, and its op’s results when ok', () => {
    const failures: string[] = [];
    let ok = 0;
    for (const { name, request } of wellShaped) {
      const response = byId.get(request.id);
      const generic = problems(validateResponse, response);
      const specific =
        response?.ok === true
          ? problems(validateResults(String(request.op)), response)
          : problems(validateError, response);
      if (response?.ok === true) ok++;
      if (generic !== undefined || specific !== undefined)
        failures.push(`${name}: ${generic ?? specific ?? ''}`);
    }
    expect(failures).toEqual([]);
    expect(ok).toBeGreaterThan(wellShaped.length / 2);
  });

  it('valid vectors with success, so every op’s results schema is exercised', () => {
    const opsSeen = new Set(
      wellShaped.filter((r) => byId.get(r.request.id)?.ok === true).map((r) => r.request.op),
    );
    expect(opsSeen).toEqual(new Set([...FROZEN_OPS.slice(1), ...VECTOR_OPS_ADDED]));
    const validFailed = wellShaped
      .filter((r) => r.result === 'valid' && byId.get(r.request.id)?.ok !== true)
      .map((r) => r.name);
    expect(validFailed).toEqual([]);
  });
});

describe('the examples in PROTOCOL.md', () => {
  const text = readFileSync(join(PACKAGE_ROOT, 'PROTOCOL.md'), 'utf8');
  /** The lines of every ```jsonl block, one array a block. */
  const blocks = [...text.matchAll(/^```jsonl\n([\s\S]*?)^```$/gm)].map((m) =>
    m[1]!.split('\n').filter((l) => l.startsWith('{')),
  );
  const lines = blocks.flat();

  it('exist: a request and a response for hello and every frozen op, and some chat ops', () => {
    expect(lines.length).toBeGreaterThanOrEqual(2 * FROZEN_OPS.length);
    const ops = new Set(lines.map((l) => (JSON.parse(l) as Json).op).filter((op) => op !== undefined));
    expect(new Set([...ops].filter((op) => !CHAT_OPS.includes(String(op))))).toEqual(
      new Set([...FROZEN_OPS, ...ADDED_OPS]),
    );
    expect([...ops].filter((op) => CHAT_OPS.includes(String(op))).length).toBeGreaterThanOrEqual(4);
  });

  it('parse as JSON and validate: requests, responses, and each success against its op', () => {
    const failures: string[] = [];
    for (const block of blocks) {
      const opOf = new Map<unknown, string>();
      for (const line of block) {
        let value: Json;
        try {
          value = JSON.parse(line) as Json;
        } catch (error) {
          failures.push(`not JSON (${(error as Error).message}): ${line.slice(0, 80)}`);
          continue;
        }
        const problem =
          'op' in value
            ? problems(validateRequest, value)
            : (problems(validateResponse, value) ??
              (value.ok === true && opOf.has(value.id)
                ? problems(validateResults(opOf.get(value.id)!), value)
                : undefined));
        if ('op' in value) opOf.set(value.id, String(value.op));
        else if (value.ok === true && !opOf.has(value.id))
          failures.push(`a success with no request before it in its block: ${line.slice(0, 80)}`);
        if (problem !== undefined) failures.push(`${problem}: ${line.slice(0, 80)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('are what the reference adapter answers, byte for byte (but for random padding and bench timings)', async () => {
    const requestLines = lines.filter((l) => 'op' in (JSON.parse(l) as Json));
    const { responses } = await converse(requestLines);
    const actual = new Map(responses.map((r) => [r.id, JSON.stringify(r)]));
    const documented = lines.filter((l) => 'ok' in (JSON.parse(l) as Json));
    const random = new Set(
      requestLines
        .map((l) => JSON.parse(l) as Json)
        .filter((r) => r.op === 'e2e.encrypt' && r.padding === undefined)
        .map((r) => r.id),
    );
    // bench's elapsed_ns is a measurement: every run differs. The rest of its answer must not.
    const unclocked = (l: string | undefined) => l?.replace(/"elapsed_ns":"\d+"/, '"elapsed_ns":"…"');
    for (const line of documented) {
      const { id } = JSON.parse(line) as Json;
      if (random.has(id)) continue;
      expect(unclocked(actual.get(id)), `response ${String(id)}`).toBe(unclocked(line));
    }
  });
});

describe('chat traffic of every transcript (the reference adapter’s chat ops in-process)', () => {
  it('every request and every answer is valid against the schemas, and every chat op is used', async () => {
    const file = readJson(join(VECTOR_DIR, 'chat_test.json')) as { testGroups: { tests: Json[] }[] };
    const failures: string[] = [];
    const used = new Set<string>();
    let id = 0;
    for (const test of file.testGroups.flatMap((g) => g.tests)) {
      const handle = createHandler(createChatOps());
      await playTranscript(
        test as unknown as TranscriptSpec,
        {
          call: (op, args) => {
            const request = { ...args, id: ++id, op };
            used.add(op);
            const response = handle(request) as unknown as Json;
            const bad =
              problems(validateRequest, request) ??
              (response['ok'] === true
                ? problems(validateResults(op), response)
                : problems(validateError, response));
            if (bad !== undefined) failures.push(`chat_test.json#${String(test['tcId'])} ${op}: ${bad}`);
            const { id: _id, ...reply } = response;
            return Promise.resolve(reply as { ok: boolean });
          },
        },
        { seed: 'schemas', chat: `t${String(test['tcId'])}` },
      );
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect([...used].sort()).toEqual([...CHAT_OPS].sort());
  });

  it('the chat schemas can fail: a checkpoint without counters, a request with a stray field', () => {
    expect(validateResults('chat.state')({ id: 1, ok: true, state: 'ready' })).toBe(false);
    expect(validateRequest({ id: 1, op: 'chat.close', chat: 'a', force: true })).toBe(false);
  });
});
