// How a test talks to an adapter: a batch of requests in, their responses out, in request order.
// The same shape fits an adapter in process (its serve loop over in-memory streams, or its own line
// handler) and one behind a process's pipes (PROTOCOL.md §1: JSON Lines over stdin/stdout), so one
// test suite (bench-suite.ts) serves all of them.
import { spawn } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { serve, type Identity, type Op } from '../serve.js';

/** A request without its `id` (the exchange numbers them). */
export type Request = Readonly<Record<string, unknown>>;
/** A response line, parsed: `id`, `ok`, then the results or `error` and `detail`. */
export type Response = Readonly<Record<string, unknown>>;
/** Sends the requests and resolves to one response each, in the order of the requests. */
export type Exchange = (requests: readonly Request[]) => Promise<Response[]>;

const toLines = (requests: readonly Request[]): string =>
  requests.map((r, i) => `${JSON.stringify({ ...r, id: i + 1 })}\n`).join('');

/** The responses to requests numbered 1…n, matched by id; a missing or unparsable one throws. */
function byId(requests: readonly Request[], text: string, origin: string): Response[] {
  const answers = new Map<unknown, Response>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let response: unknown;
    try {
      response = JSON.parse(line);
    } catch {
      throw new Error(`${origin} wrote a line that is not JSON: ${line.slice(0, 200)}`);
    }
    if (typeof response !== 'object' || response === null || Array.isArray(response)) {
      throw new Error(`${origin} wrote a line that is not a JSON object: ${line.slice(0, 200)}`);
    }
    answers.set((response as Response)['id'], response as Response);
  }
  return requests.map((request, i) => {
    const answer = answers.get(i + 1);
    if (answer === undefined) {
      throw new Error(`${origin} did not answer request ${i + 1} (${JSON.stringify(request).slice(0, 200)})`);
    }
    return answer;
  });
}

/** An in-process adapter through the kit's serve loop (hello, argument checks, errors as lines). */
export function serveExchange(
  identity: Identity,
  ops: ReadonlyMap<string, Op>,
  notOffered: ReadonlyMap<string, string> = new Map(),
): Exchange {
  return async (requests) => {
    let out = '';
    const output = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        out += chunk.toString();
        callback();
      },
    });
    await serve(identity, ops, notOffered, {
      input: Readable.from([toLines(requests)]),
      output,
      log: () => undefined, // an exception still shows, as an `internal` answer
    });
    return byId(requests, out, identity.name);
  };
}

/** An in-process adapter that answers one request line at a time (impls/reference's dispatcher). */
export function lineExchange(handleLine: (line: string) => Promise<string | undefined>): Exchange {
  return async (requests) => {
    const lines = toLines(requests).split('\n');
    const out: string[] = [];
    for (const line of lines) {
      if (line === '') continue;
      const answer = await handleLine(line);
      if (answer !== undefined) out.push(answer);
    }
    return byId(requests, out.join('\n'), 'the line handler');
  };
}

/**
 * An adapter process: one child per batch, every request written at once, stdin closed, the
 * answers read until it exits. Its stderr passes through to the test's.
 */
export function processExchange(command: string, args: readonly string[], cwd: string): Exchange {
  return (requests) =>
    new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.on('error', reject);
      child.on('close', () => {
        try {
          resolve(byId(requests, out, `${command} ${args.join(' ')}`));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      child.stdin.on('error', () => undefined); // a child that exits early: its missing answers say so
      child.stdin.end(toLines(requests));
    });
}
