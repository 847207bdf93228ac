// The runner's side of the conform protocol v1 (docs/design.md §3): JSON Lines over the stdio of a
// child process. Requests get increasing ids and are pipelined within a bounded window; responses
// are matched by id in any order. Anything that makes the child unusable — it cannot be started,
// it exits, a request times out, it writes something that is not a response to a pending request —
// is "fatal": the child is killed and every outstanding request is rejected with a
// ProtocolClientError whose `code` says why. stderr is drained continuously into a bounded tail,
// so a child that floods it never blocks.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import type { ImplSpec } from './impl-spec.js';

export type ClientErrorCode = 'spawn_failed' | 'crashed' | 'timeout' | 'protocol_error' | 'bad_hello';

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: string | null;
}

export class ProtocolClientError extends Error {
  override readonly name = 'ProtocolClientError';
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly info: {
      /** The offending output line (truncated), for protocol errors. */
      readonly line?: string;
      /** True on the one request held responsible: the one that timed out, or the oldest pending at a crash. */
      readonly culprit?: boolean;
      /** Whether the request had been written to the child before the failure. */
      readonly sent?: boolean;
    } = {},
  ) {
    super(message);
  }
}

/** A response line: `{"id", "ok": true, ...results}` or `{"id", "ok": false, "error", "detail"}`. */
export interface Response {
  readonly id: number;
  readonly ok: boolean;
  readonly error?: string;
  readonly detail?: string;
  readonly [field: string]: unknown;
}

export interface HelloResult {
  readonly name: string;
  readonly version: string;
  readonly protocol: 1;
  readonly ops: readonly string[];
}

export interface ClientOptions {
  /**
   * Per-request timeout in ms. The clock runs only while the child owes an answer, and restarts at
   * every answer: with pipelined requests the child is held to `timeoutMs` of silence, not to
   * finishing everything in the window at once. When it fires, the oldest unanswered request is the
   * culprit (an implementation works through its stdin in order). Default 10 s.
   */
  readonly timeoutMs?: number;
  /**
   * How long to wait for the answer to hello, which includes starting the process (a JVM or a
   * Python interpreter on a loaded machine can take seconds). Default: the larger of 30 s and timeoutMs.
   */
  readonly startTimeoutMs?: number;
  /** Requests in flight at most. Default 64. */
  readonly window?: number;
  /** Longest accepted stdout line in bytes (approximately: UTF-16 units). Default 16 MiB. */
  readonly maxLineLength?: number;
  /** How much of stderr to keep, in bytes. Default 64 KiB. */
  readonly stderrTailBytes?: number;
}

interface Pending {
  readonly id: number;
  readonly line: string;
  readonly resolve: (r: Response) => void;
  readonly reject: (e: ProtocolClientError) => void;
  readonly timeoutMs: number;
  sent: boolean;
}

const SHOW_LINE = 200;
export const truncateLine = (line: string, max = SHOW_LINE): string =>
  line.length <= max ? line : `${line.slice(0, max)}… (${line.length} chars)`;

export class ProtocolClient {
  readonly exited: Promise<ExitInfo>;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private inFlight = 0;
  /** Runs while requests are in flight; restarted at every answer (see ClientOptions.timeoutMs). */
  private silenceTimer: NodeJS.Timeout | undefined;
  private fatalError: ProtocolClientError | undefined;
  private exitInfo: ExitInfo | undefined;
  private closing = false;
  private stdoutBuffer = '';
  private readonly decoder = new StringDecoder('utf8');
  private stderrTailBuffer = Buffer.alloc(0);
  private stderrTotal = 0;
  private readonly timeoutMs: number;
  private readonly startTimeoutMs: number;
  private readonly window: number;
  private readonly maxLineLength: number;
  private readonly stderrTailBytes: number;

  constructor(
    readonly spec: ImplSpec,
    options: ClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.startTimeoutMs = options.startTimeoutMs ?? Math.max(30_000, this.timeoutMs);
    this.window = Math.max(1, options.window ?? 64);
    this.maxLineLength = options.maxLineLength ?? 16 * 1024 * 1024;
    this.stderrTailBytes = options.stderrTailBytes ?? 64 * 1024;
    const [program, ...args] = spec.command;
    // Its own process group, so a wrapper script's children die with it on kill().
    this.child = spawn(program, args, {
      cwd: spec.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    let resolveExit!: (e: ExitInfo) => void;
    this.exited = new Promise((r) => (resolveExit = r));
    this.child.on('error', (error: NodeJS.ErrnoException) => {
      if (this.child.pid === undefined) {
        this.fail(new ProtocolClientError('spawn_failed', `cannot start ${program}: ${error.message}`));
        this.exitInfo = { code: null, signal: null };
        resolveExit(this.exitInfo);
      }
    });
    this.child.stdin.on('error', () => {
      // EPIPE when the child is gone; the exit handler reports it.
    });
    this.child.stdout.on('data', (chunk: Buffer) => this.onStdout(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => this.onStderr(chunk));
    this.child.on('close', (code, signal) => {
      this.exitInfo = { code, signal };
      if (!this.closing || this.pending.size > 0) {
        const how = signal !== null ? `killed by ${signal}` : `exited with status ${code}`;
        this.fail(new ProtocolClientError('crashed', `the implementation ${how}`), 'oldest');
      }
      resolveExit(this.exitInfo);
    });
  }

  /** The error that ended this child's usefulness, if any. */
  get fatal(): ProtocolClientError | undefined {
    return this.fatalError;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The last bytes the child wrote to stderr (at most stderrTailBytes), as text. */
  stderrTail(): string {
    const text = this.stderrTailBuffer.toString('utf8');
    return this.stderrTotal > this.stderrTailBuffer.length
      ? `[… ${this.stderrTotal - this.stderrTailBuffer.length} earlier bytes dropped]\n${text}`
      : text;
  }

  get stderrBytes(): number {
    return this.stderrTotal;
  }

  /** Sends `{"id", "op", ...args}`; resolves with the matching response. */
  request(op: string, args: Readonly<Record<string, unknown>> = {}): Promise<Response> {
    return this.send(op, args, this.timeoutMs);
  }

  private send(op: string, args: Readonly<Record<string, unknown>>, timeoutMs: number): Promise<Response> {
    if (this.fatalError) {
      return Promise.reject(
        new ProtocolClientError(this.fatalError.code, this.fatalError.message, { sent: false }),
      );
    }
    const id = this.nextId++;
    const line = JSON.stringify({ ...args, id, op });
    return new Promise<Response>((resolve, reject) => {
      const entry: Pending = { id, line, resolve, reject, timeoutMs, sent: false };
      this.pending.set(id, entry);
      this.queue.push(entry);
      this.pump();
    });
  }

  /** Runs `hello` and checks its answer: protocol 1, a name, and a list of op names. */
  async hello(): Promise<HelloResult> {
    const r = await this.send('hello', { protocol: 1 }, this.startTimeoutMs);
    const problem = !r.ok
      ? `hello failed: ${String(r.error)} ${r.detail ?? ''}`.trim()
      : r.protocol !== 1
        ? `hello answered protocol ${JSON.stringify(r.protocol)}; the runner speaks protocol 1`
        : typeof r.name !== 'string'
          ? 'hello did not give a "name" string'
          : !Array.isArray(r.ops) || !r.ops.every((o) => typeof o === 'string')
            ? 'hello did not give "ops" as an array of op names'
            : undefined;
    if (problem !== undefined) {
      this.kill();
      throw new ProtocolClientError('bad_hello', problem, { line: truncateLine(JSON.stringify(r)) });
    }
    return {
      name: r.name as string,
      version: typeof r.version === 'string' ? r.version : String(r.version ?? ''),
      protocol: 1,
      ops: r.ops as string[],
    };
  }

  /**
   * Ends stdin and waits for the child to exit (§3.4); kills it after `graceMs`.
   * Resolves with how it exited.
   */
  async close(graceMs = 2_000): Promise<ExitInfo> {
    this.closing = true;
    if (this.exitInfo) return this.exitInfo;
    this.child.stdin.end();
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((r) => {
      timer = setTimeout(() => {
        this.kill();
        r();
      }, graceMs);
    });
    await Promise.race([this.exited, killed]);
    clearTimeout(timer);
    return this.exited;
  }

  /** Kills the child (and its process group) at once. */
  kill(): void {
    if (this.exitInfo || this.child.pid === undefined) return;
    try {
      if (process.platform !== 'win32') process.kill(-this.child.pid, 'SIGKILL');
      else this.child.kill('SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
  }

  private pump(): void {
    while (this.inFlight < this.window && this.queue.length > 0 && !this.fatalError) {
      const entry = this.queue.shift()!;
      entry.sent = true;
      this.inFlight++;
      this.child.stdin.write(entry.line + '\n');
    }
    const oldest = this.oldestSent();
    if (oldest !== undefined && this.silenceTimer === undefined && !this.fatalError) {
      const ms = oldest.timeoutMs;
      this.silenceTimer = setTimeout(() => {
        this.silenceTimer = undefined;
        this.fail(
          new ProtocolClientError('timeout', `no answer to request ${oldest.id} within ${ms} ms`),
          oldest.id,
        );
      }, ms);
    }
  }

  /** The oldest request written and not answered: the one the child should be working on. */
  private oldestSent(): Pending | undefined {
    let oldest: Pending | undefined;
    for (const p of this.pending.values())
      if (p.sent && (oldest === undefined || p.id < oldest.id)) oldest = p;
    return oldest;
  }

  private stopSilenceTimer(): void {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = undefined;
  }

  private onStdout(chunk: Buffer): void {
    if (this.fatalError) return;
    const start = this.stdoutBuffer.length;
    this.stdoutBuffer += this.decoder.write(chunk);
    let from = 0;
    let nl = this.stdoutBuffer.indexOf('\n', start);
    while (nl >= 0) {
      const line = this.stdoutBuffer.slice(from, nl);
      from = nl + 1;
      this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      if (this.fatalError) return;
      nl = this.stdoutBuffer.indexOf('\n', from);
    }
    this.stdoutBuffer = this.stdoutBuffer.slice(from);
    if (this.stdoutBuffer.length > this.maxLineLength) {
      this.fail(
        new ProtocolClientError(
          'protocol_error',
          `an output line is longer than ${this.maxLineLength} bytes without a newline`,
          { line: truncateLine(this.stdoutBuffer) },
        ),
      );
    }
  }

  private onLine(line: string): void {
    const bad = (why: string) =>
      this.fail(new ProtocolClientError('protocol_error', why, { line: truncateLine(line) }));
    if (line.length > this.maxLineLength)
      return bad(`an output line is longer than ${this.maxLineLength} bytes`);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return bad('a line on stdout is not JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return bad('a line on stdout is not a JSON object');
    }
    const r = value as Record<string, unknown>;
    if (typeof r.id !== 'number' || !Number.isInteger(r.id)) return bad('a response has no integer "id"');
    const entry = this.pending.get(r.id);
    if (entry === undefined || !entry.sent) {
      return bad(`a response has id ${r.id}, which is not the id of a pending request`);
    }
    if (typeof r.ok !== 'boolean') return bad(`the response to request ${r.id} has no boolean "ok"`);
    if (!r.ok && typeof r.error !== 'string')
      return bad(`the failure response to ${r.id} has no "error" code`);
    this.stopSilenceTimer();
    this.pending.delete(entry.id);
    this.inFlight--;
    entry.resolve(r as unknown as Response);
    this.pump();
  }

  private onStderr(chunk: Buffer): void {
    this.stderrTotal += chunk.length;
    const max = this.stderrTailBytes;
    this.stderrTailBuffer =
      chunk.length >= max
        ? Buffer.from(chunk.subarray(chunk.length - max))
        : Buffer.concat([this.stderrTailBuffer, chunk]);
    if (this.stderrTailBuffer.length > max) {
      this.stderrTailBuffer = this.stderrTailBuffer.subarray(this.stderrTailBuffer.length - max);
    }
  }

  /** Makes `error` fatal: kills the child, rejects every outstanding request. */
  private fail(error: ProtocolClientError, culprit?: number | 'oldest'): void {
    if (this.fatalError) {
      // Already failed (e.g. killed after a timeout): leftovers share the first error.
      error = this.fatalError;
      culprit = undefined;
    } else {
      this.fatalError = error;
    }
    this.kill();
    this.stopSilenceTimer();
    const culpritId = culprit === 'oldest' ? this.oldestSent()?.id : culprit;
    const entries = [...this.pending.values()];
    this.pending.clear();
    this.queue.length = 0;
    this.inFlight = 0;
    for (const p of entries) {
      p.reject(
        new ProtocolClientError(error.code, error.message, {
          ...(error.info.line !== undefined ? { line: error.info.line } : {}),
          culprit: p.id === culpritId,
          sent: p.sent,
        }),
      );
    }
  }
}
