// The mtcute adapter process: conform protocol v1 over stdio (packages/runner/PROTOCOL.md).
import { NOT_OFFERED, OPS, VERSION } from './ops.js';
import { serve } from './protocol.js';

await serve({ name: 'mtcute', version: `@mtcute/core@${VERSION}` }, OPS, NOT_OFFERED);
