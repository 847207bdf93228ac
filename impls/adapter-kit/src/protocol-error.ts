// Failures with a protocol code (packages/runner/PROTOCOL.md §2.1). An op throws them; the loop
// (serve.ts) answers them as `{"ok": false, "error": code, "detail": message}`.

/** A protocol failure: its code (PROTOCOL.md §2.1) and a detail for humans. */
export class ProtocolError extends Error {
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'ProtocolError';
  }
}

/**
 * `unsupported`: the op or this variant of it is not something the library offers. Reported as
 * skipped by the runner, never as a pass (PROTOCOL.md §2.1).
 */
export const unsupported = (detail: string): ProtocolError => new ProtocolError('unsupported', detail);

/** `bad_input` in the one shape every argument check uses: `"key" expected 32 bytes, got 31 bytes`. */
export const badInput = (name: string, expected: string, got: string): ProtocolError =>
  new ProtocolError('bad_input', `"${name}" expected ${expected}, got ${got}`);
