// The mtcute adapter process: conform protocol v1 over stdio (packages/runner/PROTOCOL.md).
import { serve } from '@conform/adapter-kit';
import { NOT_OFFERED, OPS, VERSION } from './ops.js';

await serve({ name: 'mtcute', version: `@mtcute/core@${VERSION}` }, OPS, NOT_OFFERED);
