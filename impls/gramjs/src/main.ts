// The GramJS adapter process: conform protocol v1 over stdio (packages/runner/PROTOCOL.md).
import { NOT_OFFERED, OPS, VERSION } from './ops.js';
import { serve } from './protocol.js';

await serve({ name: 'GramJS', version: `telegram@${VERSION}` }, OPS, NOT_OFFERED);
