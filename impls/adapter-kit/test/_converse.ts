// Drives the loop of serve.ts in memory: lines in, parsed response lines and log text out.
import { Readable, Writable } from 'node:stream';
import { serve, type Op } from '../src/index.js';

export type Response = Record<string, unknown>;

export interface Conversation {
  readonly responses: Response[];
  readonly logs: string[];
}

export interface ConverseOptions {
  readonly notOffered?: ReadonlyMap<string, string>;
  /** Delay every write's callback by a macrotask, with a one-byte buffer: constant backpressure. */
  readonly slowReader?: boolean;
}

export async function converse(
  input: string,
  ops: ReadonlyMap<string, Op>,
  { notOffered = new Map(), slowReader = false }: ConverseOptions = {},
): Promise<Conversation> {
  let out = '';
  const output = new Writable({
    highWaterMark: slowReader ? 1 : 16384,
    write(chunk: Buffer, _encoding, callback) {
      out += chunk.toString();
      if (slowReader) setImmediate(callback);
      else callback();
    },
  });
  const logs: string[] = [];
  await serve({ name: 'test adapter', version: '1.2.3' }, ops, notOffered, {
    input: Readable.from([input]),
    output,
    log: (text) => logs.push(text),
  });
  const responses = out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Response);
  return { responses, logs };
}

/** Requests as JSON Lines. */
export const jsonl = (...requests: unknown[]): string =>
  requests.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';
