// The adapter process: the reference's ops behind the protocol loop of serve.ts.
import { answerLine } from './dispatch.js';
import { serveStdio } from './serve.js';

serveStdio(answerLine, 'conform reference');
