// The adapter process's loop: JSON Lines on stdin, one response line per request on stdout, logs on
// stderr only (docs/design.md §3.1, §3.4). Exits 0 when stdin closes. impls/fast-node runs the same
// loop over its own line handler.
//
// Every line that arrived in one chunk of stdin is answered before the next chunk is read, and the
// answers go out together (at least every few milliseconds): a runner that pipelines gets them without
// a system call per answer.
// When stdout is full (a runner that pipelines and reads late), reading pauses until it drains.

/** Answers waiting longer than this are written out, even in the middle of a chunk. */
const FLUSH_AFTER_MS = 5;

/** A line without its `\r`, if the runner ends lines with CRLF. */
const withoutCr = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);

/**
 * Serves stdin/stdout with `answerLine` (one request line in; the response line, or `undefined`
 * for a blank line). `name` prefixes the one message written to stderr, when stdout breaks.
 */
export function serveStdio(answerLine: (line: string) => string | undefined, name: string): void {
  process.stdout.on('error', (error) => {
    // The runner went away (EPIPE): nobody is left to answer.
    console.error(`${name}: stdout: ${error.message}`);
    process.exit(1);
  });

  let pending = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    const text = pending + chunk;
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      pending = text;
      return;
    }
    pending = text.slice(end + 1);
    let out = '';
    let full = false;
    let since = performance.now();
    const flush = () => {
      if (out !== '' && !process.stdout.write(out)) full = true;
      out = '';
      since = performance.now();
    };
    for (const line of text.slice(0, end).split('\n')) {
      const response = answerLine(withoutCr(line));
      if (response !== undefined) out += `${response}\n`;
      // Slow requests (a DH exponentiation) must not hold finished answers back: the runner times
      // silence, and a chunk of 64 of them can take seconds.
      if (performance.now() - since > FLUSH_AFTER_MS) flush();
    }
    flush();
    if (full) {
      process.stdin.pause();
      process.stdout.once('drain', () => process.stdin.resume());
    }
  });
  process.stdin.on('end', () => {
    // A last line without its newline is still a request.
    const response = answerLine(withoutCr(pending));
    if (response !== undefined) process.stdout.write(`${response}\n`);
    process.exitCode = 0;
  });
}
