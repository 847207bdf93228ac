// The implementation under test as a restartable process. Requests are pipelined through
// ProtocolClient (up to `window` in flight). When the process dies or stops answering, the request
// ProtocolClient holds responsible (the culprit) comes back as a crash or timeout, and the others,
// which did nothing wrong, are sent again to a fresh process (PROTOCOL.md §4: each process is a
// fresh session that starts with hello). A process that breaks the protocol, or that cannot be
// brought up again, stops the session: that is exit code 3, not a finding.
import {
  ProtocolClient,
  ProtocolClientError,
  type HelloResult,
  type ImplSpec,
  type Response,
} from '@conform/runner';

export type Reply =
  | { readonly kind: 'response'; readonly response: Response }
  | { readonly kind: 'crash' | 'timeout'; readonly message: string; readonly stderrTail: string }
  | { readonly kind: 'stopped' };

export interface SessionStop {
  readonly code: string;
  readonly message: string;
  readonly stderrTail: string;
}

/** Starts in a row that fail before hello is answered, before the session gives up. */
const MAX_FAILED_STARTS = 3;

export interface SessionOptions {
  readonly timeoutMs?: number;
  readonly window?: number;
  /** Restarts in all before the session gives up (crash past restarts). */
  readonly maxRestarts?: number;
  readonly log?: (line: string) => void;
}

export class ImplSession {
  hello: HelloResult | undefined;
  stopped: SessionStop | undefined;
  restarts = 0;
  private client: ProtocolClient | undefined;
  private starting: Promise<ProtocolClient | undefined> | undefined;
  private failedStarts = 0;
  private readonly maxRestarts: number;

  constructor(
    readonly spec: ImplSpec,
    private readonly options: SessionOptions = {},
  ) {
    this.maxRestarts = options.maxRestarts ?? 200;
  }

  /** Starts the first process; undefined when it cannot be started or says a bad hello. */
  async start(): Promise<HelloResult | undefined> {
    await this.live();
    return this.hello;
  }

  /** Sends one request; retried on a new process when another request brought the old one down. */
  async send(op: string, args: Readonly<Record<string, unknown>>): Promise<Reply> {
    for (;;) {
      const client = await this.live();
      if (client === undefined) return { kind: 'stopped' };
      try {
        const response = await client.request(op, args);
        return { kind: 'response', response };
      } catch (error) {
        if (!(error instanceof ProtocolClientError)) throw error;
        await client.exited;
        if (error.code === 'protocol_error' || error.code === 'spawn_failed' || error.code === 'bad_hello') {
          this.stop(error.code, error.message + (error.info.line ? `: ${error.info.line}` : ''), client);
          return { kind: 'stopped' };
        }
        if (error.info.culprit === true) {
          return {
            kind: error.code === 'timeout' ? 'timeout' : 'crash',
            message: error.message,
            stderrTail: client.stderrTail(),
          };
        }
        // Not ours: go round again on a fresh process.
      }
    }
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client !== undefined && client.fatal === undefined) await client.close();
    client?.kill();
  }

  private stop(code: string, message: string, client: ProtocolClient | undefined): void {
    this.stopped ??= { code, message, stderrTail: client?.stderrTail() ?? '' };
    client?.kill();
  }

  /** The current process, or a new one once the old one is dead (one start at a time). */
  private async live(): Promise<ProtocolClient | undefined> {
    for (;;) {
      if (this.stopped !== undefined) return undefined;
      if (this.client !== undefined && this.client.fatal === undefined) return this.client;
      this.starting ??= this.spawn().finally(() => (this.starting = undefined));
      const client = await this.starting;
      if (client !== undefined) return client;
    }
  }

  private async spawn(): Promise<ProtocolClient | undefined> {
    const previous = this.client;
    if (previous !== undefined) {
      previous.kill();
      if (this.restarts >= this.maxRestarts) {
        this.stop('restarts_exhausted', `gave up after ${this.restarts} restarts`, previous);
        return undefined;
      }
      this.restarts++;
      this.options.log?.(
        `conform fuzz: ${previous.fatal?.message ?? 'the implementation died'}; restarting it (${this.restarts})`,
      );
    }
    const client = new ProtocolClient(this.spec, {
      ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
      window: this.options.window ?? 64,
    });
    this.client = client;
    try {
      const hello = await client.hello();
      this.hello ??= hello;
      this.failedStarts = 0;
      return client;
    } catch (error) {
      if (!(error instanceof ProtocolClientError)) throw error;
      await client.exited;
      this.failedStarts++;
      // A first start that fails, or a bad hello, cannot be helped by restarting.
      if (
        this.hello === undefined ||
        error.code === 'bad_hello' ||
        error.code === 'protocol_error' ||
        this.failedStarts > MAX_FAILED_STARTS
      )
        this.stop(error.code, error.message, client);
      return undefined;
    }
  }
}
