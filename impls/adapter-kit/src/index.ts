// @conform/adapter-kit: the edge of the conform protocol v1 for Node adapters over third-party
// libraries (packages/runner/PROTOCOL.md): the JSON Lines loop with hello, the argument checks and
// encodings, and the generic `bench` op built from an adapter's prepared workloads (§8).
export {
  argument,
  bytesArg,
  describe,
  hex,
  integerArg,
  keyOffsetArg,
  optionalBytesArg,
  paddingArg,
  type Args,
  type BytesRule,
  type Results,
} from './args.js';
export {
  MAX_BENCH_ITERATIONS,
  benchOp,
  benchRequest,
  opOf,
  prepared,
  preparedAsync,
  type BenchRequest,
  type Prepare,
  type Prepared,
} from './bench.js';
export { clientPlaintextArgs, serverMessageArgs, type ClientPlaintext } from './cloud-envelope.js';
export { ProtocolError, badInput, unsupported } from './protocol-error.js';
export { serve, type Identity, type Op, type ServeOptions } from './serve.js';
