// The adapter as a library: the vector generator runs chat transcripts in-process through the same
// handler the adapter process uses, with a seeded rng and a chosen profile.
export { createHandler, handleRequest, type Response } from './dispatch.js';
// The stdio loop of the adapter process, for adapters built on this one (impls/fast-node).
export { serveStdio } from './serve.js';
export { createChatOps, type ChatOpsOptions } from './chat-ops.js';
export { OPS, type Op, type Results } from './ops.js';
// The protocol edge (argument checks, hex, ProtocolError), for adapters that replace some ops and
// must answer bad arguments exactly as the reference does (impls/fast-node).
export {
  argument,
  badInput,
  bytesArg,
  describe,
  hex,
  integerArg,
  keyOffsetArg,
  optionalBytesArg,
  ProtocolError,
  type Args,
  type BytesRule,
} from './args.js';
