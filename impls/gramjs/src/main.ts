// The GramJS adapter process: conform protocol v1 over stdio (packages/runner/PROTOCOL.md).
import { serve } from '@conform/adapter-kit';
import { NOT_OFFERED, OPS, VERSION } from './ops.js';

await serve({ name: 'GramJS', version: `telegram@${VERSION}` }, OPS, NOT_OFFERED);
