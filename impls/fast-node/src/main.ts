// The adapter process: fast-node's line handler behind the reference adapter's protocol loop
// (impls/reference/src/serve.ts: chunked answers, flushed every few milliseconds, backpressure).
import { serveStdio } from '@conform/impl-reference';
import { handleLine } from './line.js';

serveStdio(handleLine, 'conform fast-node');
