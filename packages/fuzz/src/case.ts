// One fuzz case: a protocol request (op and arguments, exactly as sent) and where it came from.

export interface FuzzCase {
  readonly op: string;
  /** The request arguments, JSON-safe (what is sent is what the oracle judges). */
  readonly args: Readonly<Record<string, unknown>>;
  readonly origin: 'differential' | 'mutation';
  /** For mutation cases: what was done to the valid message, for humans. */
  readonly mutation?: string;
}
