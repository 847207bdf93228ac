// The `bench` op (PROTOCOL.md §8) over @conform/reference. Each workload is a stateless op of §5
// prepared once: its arguments decoded and checked exactly as ops.ts does, then a closure over the
// reference function (the only code in the timed loop), then the op's own encoding of one run.
// This package does not depend on @conform/adapter-kit (it is the model adapters are compared
// with), so the loop is written here; its contract is the kit's.
import { randomBytes } from 'node:crypto';
import {
  computeDhKey,
  computeMsgKey,
  decryptEnvelope,
  deriveMessageKeys,
  encryptEnvelope,
  igeDecrypt,
  igeEncrypt,
  senderForKeyOffset,
  type PaddingSource,
} from '@conform/reference';
import {
  argument,
  badInput,
  bytesArg,
  describe,
  hex,
  keyOffsetArg,
  optionalBytesArg,
  ProtocolError,
  type Args,
} from './args.js';

type Results = Record<string, unknown>;

/** The largest `iterations` a bench request may ask for (PROTOCOL.md §8). */
export const MAX_BENCH_ITERATIONS = 1_000_000;

/** A workload with its arguments decoded: `run` is timed, `encode` makes the op's results. */
interface Prepared<T> {
  readonly run: () => T;
  readonly encode: (output: T) => Results;
}

// The generic parameter is erased at the table: each entry pairs its own run and encode.
type Prepare = (args: Args) => Prepared<unknown>;
const prepared = <T>(run: () => T, encode: (output: T) => Results): Prepared<unknown> =>
  ({ run, encode }) as Prepared<unknown>;

const KEY = 256; // chat key (R4.7)
const AES = 32; // AES-256 key and IGE iv (R1)
const DH = 256; // DH prime and secret (R4.2, R4.5)

const sender = (args: Args) => senderForKeyOffset(keyOffsetArg(args));

/** The implementation's own padding (R3.4) when none is given, as ops.ts draws it. */
const rng = (length: number) => new Uint8Array(randomBytes(length));

function ige(encrypt: boolean): Prepare {
  return (args) => {
    const key = bytesArg(args, 'key', { length: AES });
    const iv = bytesArg(args, 'iv', { length: AES });
    const data = bytesArg(args, 'data', { multipleOf: 16 });
    const encode = (output: Uint8Array) => ({ data: hex(output) });
    return encrypt
      ? prepared(() => igeEncrypt(key, iv, data), encode) // R1.2
      : prepared(() => igeDecrypt(key, iv, data), encode);
  };
}

const WORKLOADS: ReadonlyMap<string, Prepare> = new Map<string, Prepare>([
  ['ige.encrypt', ige(true)],
  ['ige.decrypt', ige(false)],
  [
    'mtproto2.msg_key', // R2.1
    (args) => {
      const key = bytesArg(args, 'key', { length: KEY });
      const role = sender(args);
      const plaintext = bytesArg(args, 'plaintext', { multipleOf: 16 });
      return prepared(
        () => computeMsgKey(key, role, plaintext),
        (msgKey) => ({ msg_key: hex(msgKey) }),
      );
    },
  ],
  [
    'mtproto2.kdf', // R2.1
    (args) => {
      const key = bytesArg(args, 'key', { length: KEY });
      const msgKey = bytesArg(args, 'msg_key', { length: 16 });
      const role = sender(args);
      return prepared(
        () => deriveMessageKeys(key, role, msgKey),
        ({ aesKey, aesIv }) => ({ aes_key: hex(aesKey), aes_iv: hex(aesIv) }),
      );
    },
  ],
  [
    'e2e.encrypt', // R3.6; without padding every run draws its own (R3.4)
    (args) => {
      const key = bytesArg(args, 'key', { length: KEY });
      const role = sender(args);
      const message = bytesArg(args, 'message', { multipleOf: 4 });
      const padding = optionalBytesArg(args, 'padding');
      const source: PaddingSource = padding === undefined ? { rng } : { padding };
      return prepared(
        () => encryptEnvelope(key, role, message, source),
        (data) => ({ data: hex(data) }),
      );
    },
  ],
  [
    'e2e.decrypt', // R3.7
    (args) => {
      const key = bytesArg(args, 'key', { length: KEY });
      const role = sender(args);
      const data = bytesArg(args, 'data');
      return prepared(
        () => decryptEnvelope(key, role, data),
        (result) => {
          // R3.8: one code for every rejection, as the op answers.
          if (!result.ok) throw new ProtocolError('rejected', result.reason);
          return { message: hex(result.message) };
        },
      );
    },
  ],
  [
    'dh.key', // R4.7
    (args) => {
      const p = bytesArg(args, 'p', { length: DH });
      const peer = bytesArg(args, 'public');
      const secret = bytesArg(args, 'secret', { length: DH });
      return prepared(
        () => {
          try {
            return computeDhKey(p, peer, secret);
          } catch (error) {
            // The reference calls the argument peerPublic; the protocol calls it public (ops.ts).
            if (error instanceof RangeError && error.message.startsWith('"peerPublic"')) {
              throw badInput('public', 'a value in [2, p − 2]', 'one outside it');
            }
            throw error;
          }
        },
        ({ key, fingerprint }) => ({ key: hex(key), fingerprint: hex(fingerprint) }),
      );
    },
  ],
]);

/** The workloads `bench` offers: the stateless ops whose cost is worth comparing. */
export const BENCH_WORKLOADS: readonly string[] = [...WORKLOADS.keys()];

/**
 * `bench`: `{workload, args, iterations}` → `{elapsed_ns, iterations, result}`. A wrong request
 * is `bad_input`; a workload not offered is `unsupported`; the workload's own errors are the op's.
 */
export function bench(request: Args): Results {
  const workload = argument(request, 'workload');
  if (typeof workload !== 'string') {
    throw badInput('workload', 'the name of a stateless op', describeArg(workload));
  }
  const args = argument(request, 'args');
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw badInput('args', "an object of the workload's arguments", describeArg(args));
  }
  const iterations = argument(request, 'iterations');
  if (
    typeof iterations !== 'number' ||
    !Number.isInteger(iterations) ||
    iterations < 1 ||
    iterations > MAX_BENCH_ITERATIONS
  ) {
    throw badInput('iterations', `an integer in 1..${MAX_BENCH_ITERATIONS}`, describeArg(iterations));
  }
  const prepare = WORKLOADS.get(workload);
  if (prepare === undefined) {
    throw new ProtocolError(
      'unsupported',
      `no bench workload ${JSON.stringify(workload)} (offered: ${BENCH_WORKLOADS.join(', ')})`,
    );
  }
  const { run, encode } = prepare(args as Args);
  let output: unknown;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) output = run();
  const elapsed = process.hrtime.bigint() - start;
  return { elapsed_ns: elapsed.toString(), iterations, result: encode(output) };
}

const describeArg = (value: unknown) => (value === undefined ? 'nothing (missing)' : describe(value));
