// The adapter process: JSON Lines on stdin, one response line per request on stdout, logs on
// stderr only (PROTOCOL.md §1, §4). Exits 0 when stdin closes.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { handleLine } from './line.js';

process.stdout.on('error', (error) => {
  // The runner went away (EPIPE): nobody is left to answer.
  console.error(`conform fast-node: stdout: ${error.message}`);
  process.exit(1);
});

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  const response = handleLine(line);
  if (response !== undefined && !process.stdout.write(`${response}\n`)) {
    await once(process.stdout, 'drain'); // backpressure from a runner that pipelines and reads late
  }
}
process.exitCode = 0;
