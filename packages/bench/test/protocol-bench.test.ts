// The `bench` op of PROTOCOL.md §8 against the runner's JSON schemas (protocol-schemas/, by Ajv): the
// example lines of §8, and every bench request this package sends for the default workloads, with
// its args valid against the op's own request shape.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { igeEncrypt } from '@conform/reference';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildInput, planWorkloads } from '../src/index.js';

const RUNNER = join(import.meta.dirname, '..', '..', 'runner');

const ajv = new Ajv2020.default({
  allErrors: true,
  strict: true,
  strictRequired: false,
  allowUnionTypes: true,
});
for (const file of ['request.schema.json', 'response.schema.json'])
  ajv.addSchema(JSON.parse(readFileSync(join(RUNNER, 'protocol-schemas', file), 'utf8')) as object);

function problems(ref: string, value: unknown): string | undefined {
  const validate = ajv.getSchema(ref);
  if (validate === undefined) throw new Error(`no schema ${ref}`);
  return validate(value) ? undefined : ajv.errorsText(validate.errors);
}

type Json = Record<string, unknown>;

const protocol = readFileSync(join(RUNNER, 'PROTOCOL.md'), 'utf8');
const section = /^## 8\. Benchmarks: `bench`$([\s\S]*?)^## 9\./m.exec(protocol)?.[1] ?? '';
// Both fences: ```jsonl (checked by the runner's own test too) and ```text (a request outside the schema).
const lines = [...section.matchAll(/^```(?:jsonl|text)\n([\s\S]*?)^```$/gm)]
  .flatMap((m) => m[1]!.split('\n'))
  .filter((l) => l.startsWith('{'))
  .map((l) => JSON.parse(l) as Json);

describe('PROTOCOL.md §8', () => {
  it('has the argument, result and error tables and examples of a success and two failures', () => {
    expect(section).toMatch(/\| `workload` +\| string/);
    expect(section).toMatch(/\| `elapsed_ns` +\| string/);
    expect(section).toMatch(/\| `unsupported` +\|/);
    expect(lines.filter((l) => 'op' in l)).toHaveLength(3);
    expect(lines.filter((l) => l['ok'] === true)).toHaveLength(1);
    expect(lines.filter((l) => l['ok'] === false).map((l) => l['error'])).toEqual([
      'unsupported',
      'bad_input',
    ]);
  });

  it('examples: requests in range are in the request schema, args in their op’s, answers in results/bench', () => {
    const failures: string[] = [];
    for (const line of lines) {
      if ('op' in line) {
        const inRange = line['iterations'] !== 0;
        const p = problems('request.schema.json', line);
        if (inRange && p !== undefined) failures.push(`request ${String(line['id'])}: ${p}`);
        if (!inRange && p === undefined)
          failures.push(`request ${String(line['id'])} should break the schema`);
        const args = { ...(line['args'] as Json), id: line['id'], op: line['workload'] };
        const a = problems(`request.schema.json#/$defs/${String(line['workload'])}`, args);
        if (a !== undefined) failures.push(`args of ${String(line['id'])}: ${a}`);
      } else {
        const p = problems('response.schema.json', line);
        if (p !== undefined) failures.push(`response ${String(line['id'])}: ${p}`);
        if (line['ok'] === true) {
          const b = problems('response.schema.json#/$defs/results/bench', line);
          if (b !== undefined) failures.push(`bench ${String(line['id'])}: ${b}`);
          const r = problems('response.schema.json#/$defs/results/ige.encrypt', {
            ...(line['result'] as Json),
            id: line['id'],
            ok: true,
          });
          if (r !== undefined) failures.push(`result ${String(line['id'])}: ${r}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('the success example answers what the reference computes', () => {
    const request = lines.find((l) => l['op'] === 'bench' && l['id'] === 30)!;
    const args = request['args'] as Record<string, string>;
    const b = (h: string) => Uint8Array.from(Buffer.from(h, 'hex'));
    const answer = lines.find((l) => l['ok'] === true && l['id'] === 30)!;
    expect((answer['result'] as Json)['data']).toBe(
      Buffer.from(igeEncrypt(b(args['key']!), b(args['iv']!), b(args['data']!))).toString('hex'),
    );
  });

  it('the schemas can fail: iterations out of range, args with an id, a number for elapsed_ns', () => {
    const ok = { id: 1, op: 'bench', workload: 'dh.key', args: {}, iterations: 1 };
    expect(problems('request.schema.json', ok)).toBeUndefined();
    expect(problems('request.schema.json', { ...ok, iterations: 1_000_001 })).toBeDefined();
    expect(problems('request.schema.json', { ...ok, args: { id: 2 } })).toBeDefined();
    expect(problems('request.schema.json', { ...ok, workload: 'chat.send' })).toBeDefined();
    const answer = { id: 1, ok: true, elapsed_ns: '10', iterations: 1, result: {} };
    expect(problems('response.schema.json#/$defs/results/bench', answer)).toBeUndefined();
    expect(
      problems('response.schema.json#/$defs/results/bench', { ...answer, elapsed_ns: 10 }),
    ).toBeDefined();
  });
});

describe('the bench requests conform bench sends', () => {
  it('are in the request schema for every default workload, and their args in the op’s own shape', () => {
    const failures: string[] = [];
    for (const w of planWorkloads().workloads.filter((x) => x.op !== undefined)) {
      const { args } = buildInput(w, 'schema');
      const request = { id: 1, op: 'bench', workload: w.op, args, iterations: 1000 };
      const p = problems('request.schema.json', request);
      if (p !== undefined) failures.push(`${w.id}: ${p}`);
      const a = problems(`request.schema.json#/$defs/${w.op!}`, { ...args, id: 1, op: w.op });
      if (a !== undefined) failures.push(`${w.id} args: ${a}`);
    }
    expect(failures).toEqual([]);
  }, 60_000);
});
