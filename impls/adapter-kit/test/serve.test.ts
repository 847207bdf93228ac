// The protocol loop (PROTOCOL.md §1, §2, §4) driven through in-memory streams: what it answers to
// lines that are not requests, to hello, to unknown ops and to ops that fail, and in which order.
import { describe, expect, it } from 'vitest';
import { ProtocolError, type Op } from '../src/index.js';
import { converse, jsonl } from './_converse.js';

const echo: Op = (args) => ({ echoed: args['value'] ?? null });
const OPS = new Map<string, Op>([['echo', echo]]);

describe('lines that are not requests (PROTOCOL.md §2)', () => {
  it('answers a line that is not JSON with bad_request and a null id, then carries on', async () => {
    const { responses } = await converse(jsonl('{"id": 0, "op":', { id: 1, op: 'echo', value: 5 }), OPS);
    expect(responses).toHaveLength(2);
    expect(responses[0]).toMatchObject({ id: null, ok: false, error: 'bad_request' });
    expect(String(responses[0]?.['detail'])).toMatch(/^not JSON: /);
    expect(responses[1]).toEqual({ id: 1, ok: true, echoed: 5 });
  });

  it.each([
    ['an array', '[1, 2]', 'expected a JSON object, got an array'],
    ['a string', '"hello"', 'expected a JSON object, got a string of 5 characters'],
    ['null', 'null', 'expected a JSON object, got null'],
    ['no id', '{"op": "echo"}', '"id" expected an integer, got nothing'],
    ['a fractional id', '{"id": 1.5, "op": "echo"}', '"id" expected an integer, got number 1.5'],
    ['a string id', '{"id": "1", "op": "echo"}', '"id" expected an integer, got a string of 1 characters'],
    ['an unsafe id', '{"id": 9007199254740993, "op": "echo"}', '"id" expected an integer'],
  ])('answers %s with bad_request and a null id', async (_name, line, detail) => {
    const { responses } = await converse(jsonl(line), OPS);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ id: null, ok: false, error: 'bad_request' });
    expect(String(responses[0]?.['detail'])).toContain(detail);
  });

  it('answers a request without a string op with bad_request and its id', async () => {
    const { responses } = await converse(jsonl({ id: 7 }, { id: 8, op: 3 }), OPS);
    expect(responses.map((r) => [r['id'], r['ok'], r['error']])).toEqual([
      [7, false, 'bad_request'],
      [8, false, 'bad_request'],
    ]);
  });

  it('does not answer blank lines, and reads CRLF line ends', async () => {
    const input = ['', '   ', JSON.stringify({ id: 1, op: 'echo', value: 'a' }), '\t', ''].join('\r\n');
    const { responses } = await converse(input, OPS);
    expect(responses).toEqual([{ id: 1, ok: true, echoed: 'a' }]);
  });

  it('reads an inherited property name as no field at all', async () => {
    const { responses } = await converse(jsonl('{"id": 1, "op": "echo", "__proto__": {"value": 9}}'), OPS);
    expect(responses).toEqual([{ id: 1, ok: true, echoed: null }]);
  });
});

describe('hello (PROTOCOL.md §4)', () => {
  it('names the adapter and lists hello and every op of the table, not the ops it lacks', async () => {
    const notOffered = new Map([['tl.decode', 'no TL schema here']]);
    const { responses } = await converse(jsonl({ id: 1, op: 'hello', protocol: 1 }), OPS, { notOffered });
    expect(responses).toEqual([
      { id: 1, ok: true, name: 'test adapter', version: '1.2.3', protocol: 1, ops: ['hello', 'echo'] },
    ]);
  });

  it.each([2, undefined, '1'])('refuses protocol %s with unsupported', async (protocol) => {
    const { responses } = await converse(jsonl({ id: 1, op: 'hello', protocol }), OPS);
    expect(responses[0]).toMatchObject({ id: 1, ok: false, error: 'unsupported' });
  });
});

describe('ops', () => {
  it('answers an op outside the table with unsupported, naming it or giving the reason it is not offered', async () => {
    const notOffered = new Map([['key.visual', 'the library has no key visualization (R8.1)']]);
    const { responses } = await converse(
      jsonl({ id: 1, op: 'chat.create' }, { id: 2, op: 'key.visual' }, { id: 3, op: 'toString' }),
      OPS,
      { notOffered },
    );
    expect(responses).toEqual([
      { id: 1, ok: false, error: 'unsupported', detail: 'no op "chat.create" in this adapter' },
      { id: 2, ok: false, error: 'unsupported', detail: 'the library has no key visualization (R8.1)' },
      { id: 3, ok: false, error: 'unsupported', detail: 'no op "toString" in this adapter' },
    ]);
  });

  it('answers a ProtocolError with its own code and detail, and logs nothing', async () => {
    const ops = new Map<string, Op>([
      [
        'refuse',
        () => {
          throw new ProtocolError('rejected', 'msg_key mismatch');
        },
      ],
    ]);
    const { responses, logs } = await converse(jsonl({ id: 4, op: 'refuse' }), ops);
    expect(responses).toEqual([{ id: 4, ok: false, error: 'rejected', detail: 'msg_key mismatch' }]);
    expect(logs).toEqual([]);
  });

  it('answers any other exception with internal, logs it with the op and id, and carries on', async () => {
    const ops = new Map<string, Op>([
      [
        'crash',
        async () => {
          throw new Error('library bug');
        },
      ],
      ['echo', echo],
    ]);
    const { responses, logs } = await converse(jsonl({ id: 5, op: 'crash' }, { id: 6, op: 'echo' }), ops);
    expect(responses).toEqual([
      { id: 5, ok: false, error: 'internal', detail: 'library bug' },
      { id: 6, ok: true, echoed: null },
    ]);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^crash \(id 5\) failed unexpectedly: Error: library bug/);
  });

  it('answers a result that cannot be serialized with internal instead of dying', async () => {
    const ops = new Map<string, Op>([['big', () => ({ n: 1n })]]);
    const { responses, logs } = await converse(jsonl({ id: 1, op: 'big' }, { id: 2, op: 'big' }), ops);
    expect(responses.map((r) => [r['id'], r['error']])).toEqual([
      [1, 'internal'],
      [2, 'internal'],
    ]);
    expect(logs).toHaveLength(2);
  });
});

describe('order (PROTOCOL.md §2: one at a time, in order)', () => {
  it('answers in request order and starts an op only once the one before it has answered', async () => {
    const events: string[] = [];
    const op =
      (name: string, ms: number): Op =>
      async () => {
        events.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        events.push(`end ${name}`);
        return { name };
      };
    const ops = new Map<string, Op>([
      ['slow', op('slow', 30)],
      ['fast', op('fast', 0)],
    ]);
    const { responses } = await converse(
      jsonl({ id: 3, op: 'slow' }, { id: 1, op: 'fast' }, '{"id":', { id: 2, op: 'slow' }),
      ops,
    );
    expect(responses.map((r) => r['id'])).toEqual([3, 1, null, 2]);
    expect(events).toEqual(['start slow', 'end slow', 'start fast', 'end fast', 'start slow', 'end slow']);
  });

  it('writes every answer, in order, to a reader that applies backpressure', async () => {
    const requests = Array.from({ length: 200 }, (_, i) => ({ id: i, op: 'echo', value: 'x'.repeat(i) }));
    const { responses } = await converse(jsonl(...requests), OPS, { slowReader: true });
    expect(responses.map((r) => r['id'])).toEqual(requests.map((r) => r.id));
    expect(responses[199]).toEqual({ id: 199, ok: true, echoed: 'x'.repeat(199) });
  });
});
