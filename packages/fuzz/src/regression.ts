// A finding as a regression vector file in the format of packages/vectors/src/format.ts: one file a
// finding, one group (the op's), one test, with the fields of the bundled file for that op, so that
// the test can join a suite or be run by a runner that takes extra vector files. The expected
// answer is the reference's; where §12 allows more than one, the test is `acceptable`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BugType, VectorFile, VectorGroup, VectorResult, VectorTest } from '@conform/vectors';
import type { Expectation, Outcome } from './oracle.js';

interface OpFormat {
  /** The bundled file whose schema the group follows. */
  readonly schema: string;
  readonly algorithm: string;
  readonly type: string;
  /** op argument → test field. */
  readonly inputs: Readonly<Record<string, string>>;
  /** op result → test field. */
  readonly outputs: Readonly<Record<string, string>>;
  /** The only error code the file's schema allows for the group, if it names one. */
  readonly error?: string;
  readonly rules: readonly string[];
  /** Why these arguments cannot be written under this schema, if they cannot. */
  readonly check?: (args: Readonly<Record<string, unknown>>) => string | undefined;
}

const isInt = (v: unknown, min: number, max: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

const FORMATS: Readonly<Record<string, OpFormat>> = {
  'ige.encrypt': {
    schema: 'ige_test_schema_v1.json',
    algorithm: 'AES-256-IGE',
    type: 'IgeTest',
    inputs: { key: 'key', iv: 'iv', data: 'msg' },
    outputs: { data: 'ct' },
    rules: ['R1.1', 'R1.2'],
  },
  'ige.decrypt': {
    schema: 'ige_test_schema_v1.json',
    algorithm: 'AES-256-IGE',
    type: 'IgeTest',
    inputs: { key: 'key', iv: 'iv', data: 'ct' },
    outputs: { data: 'msg' },
    rules: ['R1.1', 'R1.2'],
  },
  'mtproto2.msg_key': {
    schema: 'mtproto2_test_schema_v1.json',
    algorithm: 'MTProto 2.0 msg_key and KDF',
    type: 'MsgKeyTest',
    inputs: { key: 'key', x: 'x', plaintext: 'plaintext' },
    outputs: { msg_key: 'msg_key' },
    rules: ['R2.1', 'R2.3'],
  },
  'mtproto2.kdf': {
    schema: 'mtproto2_test_schema_v1.json',
    algorithm: 'MTProto 2.0 msg_key and KDF',
    type: 'KdfTest',
    inputs: { key: 'key', msg_key: 'msg_key', x: 'x' },
    outputs: { aes_key: 'aes_key', aes_iv: 'aes_iv' },
    rules: ['R2.1', 'R2.3'],
  },
  'e2e.encrypt': {
    schema: 'e2e_encrypt_test_schema_v1.json',
    algorithm: 'Telegram secret chat message encryption (MTProto 2.0 E2E)',
    type: 'E2eEncryptTest',
    inputs: { key: 'key', x: 'x', message: 'message', padding: 'padding' },
    outputs: { data: 'data' },
    error: 'bad_input',
    rules: ['R3.4', 'R3.6'],
  },
  'e2e.decrypt': {
    schema: 'e2e_decrypt_test_schema_v1.json',
    algorithm: 'Telegram secret chat message decryption (MTProto 2.0 E2E)',
    type: 'E2eDecryptTest',
    inputs: { key: 'key', x: 'x', data: 'data' },
    outputs: { message: 'message' },
    error: 'rejected',
    rules: ['R3.7', 'R3.8'],
    check: (args) =>
      args.x === 0 || args.x === 8 ? undefined : `x = ${String(args.x)} (the schema allows 0 and 8)`,
  },
  'dh.check_params': {
    schema: 'dh_params_test_schema_v1.json',
    algorithm: 'DH-PARAMS',
    type: 'DhParamsTest',
    inputs: { p: 'p', g: 'g' },
    outputs: {},
    error: 'bad_params',
    rules: ['R4.2'],
    check: (args) =>
      isInt(args.g, -0x80000000, 0x7fffffff) ? undefined : `g = ${String(args.g)} is not an int32`,
  },
  'dh.check_public': {
    schema: 'dh_public_test_schema_v1.json',
    algorithm: 'DH-PUBLIC',
    type: 'DhPublicTest',
    inputs: { p: 'p', value: 'value' },
    outputs: {},
    error: 'bad_public',
    rules: ['R4.3'],
    check: (args) => (String(args.p).length === 512 ? undefined : 'p is not 256 bytes'),
  },
  'dh.public': {
    schema: 'dh_test_schema_v1.json',
    algorithm: 'DH-2048',
    type: 'DhPublicValueTest',
    inputs: { p: 'p', g: 'g', secret: 'secret' },
    outputs: { public: 'public' },
    error: 'bad_input',
    rules: ['R4.5'],
    check: (args) =>
      isInt(args.g, 2, 0x7fffffff) ? undefined : `g = ${String(args.g)} (the schema allows 2..2^31 − 1)`,
  },
  'dh.key': {
    schema: 'dh_test_schema_v1.json',
    algorithm: 'DH-2048',
    type: 'DhKeyTest',
    inputs: { p: 'p', public: 'public', secret: 'secret' },
    outputs: { key: 'key', fingerprint: 'fingerprint' },
    error: 'bad_input',
    rules: ['R4.7'],
  },
  'key.fingerprint': {
    schema: 'dh_test_schema_v1.json',
    algorithm: 'DH-2048',
    type: 'KeyFingerprintTest',
    inputs: { key: 'key' },
    outputs: { fingerprint: 'fingerprint' },
    error: 'bad_input',
    rules: ['R4.7'],
  },
  'key.visual': {
    schema: 'key_visual_test_schema_v1.json',
    algorithm: 'KEY-VISUALIZATION',
    type: 'KeyVisualTest',
    inputs: { key: 'key', key46: 'key46' },
    outputs: { key_hash: 'key_hash' },
    error: 'bad_input',
    rules: ['R8.1'],
  },
  'tl.encode': {
    schema: 'tl_test_schema_v1.json',
    algorithm: 'TL (secret-chat layer 8..144)',
    type: 'TlTest',
    inputs: { object: 'object' },
    outputs: { bytes: 'bytes' },
    error: 'bad_tl',
    rules: ['R7.1'],
  },
  'tl.decode': {
    schema: 'tl_test_schema_v1.json',
    algorithm: 'TL (secret-chat layer 8..144)',
    type: 'TlTest',
    inputs: { bytes: 'bytes' },
    outputs: { object: 'object' },
    error: 'bad_tl',
    rules: ['R7.1'],
  },
};

export interface RegressionInput {
  readonly signature: string;
  readonly op: string;
  readonly kind: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly expected: Expectation;
  readonly comment: string;
  readonly header: readonly string[];
}

const FLAG = 'FuzzFinding';

function bugTypeOf(kind: string): BugType {
  if (kind.startsWith('accepts')) return 'MISSING_CHECK';
  if (kind === 'crash' || kind === 'timeout') return 'MALFORMED_INPUT';
  if (kind.startsWith('answers a different')) return 'WRONG_PRIMITIVE';
  return 'EDGE_CASE';
}

/** The vector file of a finding, or why it cannot be written in the vector format. */
export function regressionFile(input: RegressionInput): { file: VectorFile } | { problem: string } {
  const format = FORMATS[input.op];
  if (format === undefined) return { problem: `no vector format for ${input.op}` };
  const problem = format.check?.(input.args);
  if (problem !== undefined) return { problem: `the ${format.schema} schema cannot hold it: ${problem}` };
  const successes = input.expected.outcomes.filter((o): o is Outcome & { ok: true } => o.ok);
  const failures = input.expected.outcomes.filter((o): o is Outcome & { ok: false } => !o.ok);
  const errors = [...new Set(failures.map((f) => f.error))];
  if (errors.length > 1)
    return { problem: `the reference's profiles fail with different codes (${errors.join(', ')})` };
  const error = errors[0];
  if (error !== undefined && format.error !== undefined && error !== format.error)
    return {
      problem: `the reference answers ${error}, and the ${format.schema} schema allows only ${format.error} for ${input.op}`,
    };
  const result: VectorResult =
    input.expected.outcomes.length > 1 ? 'acceptable' : successes.length === 1 ? 'valid' : 'invalid';

  const inputs: Record<string, string> = {};
  const fields: Record<string, unknown> = {};
  for (const [arg, field] of Object.entries(format.inputs)) {
    if (input.args[arg] === undefined) continue; // optional arguments (key46) only when given
    inputs[arg] = field;
    fields[field] = input.args[arg];
  }
  // A success is recorded when it is the only one; two different lenient successes cannot both be.
  if (successes.length === 1)
    for (const [name, field] of Object.entries(format.outputs)) fields[field] = successes[0]!.results[name];

  const test: VectorTest = { tcId: 1, comment: input.comment, flags: [FLAG], result, ...fields };
  const group: VectorGroup = {
    type: format.type,
    op: input.op,
    inputs,
    outputs: format.outputs,
    ...(error !== undefined ? { error } : {}),
    source: 'conform fuzz',
    tests: [test],
  };
  const file: VectorFile = {
    algorithm: format.algorithm,
    schema: format.schema,
    generatorVersion: 'conform fuzz 0.1.0',
    numberOfTests: 1,
    header: input.header,
    notes: {
      [FLAG]: {
        bugType: bugTypeOf(input.kind),
        description: `Found by conform fuzz: ${input.signature}.${input.expected.divergence !== undefined ? ` Either answer of ${input.expected.divergence} is allowed.` : ''}`,
        rules: format.rules,
      },
    },
    crossValidation: [
      {
        implementation: '@conform/reference 0.1.0, in-process (the fuzzer’s oracle; not independent)',
        covers: input.op,
        tests: 1,
      },
    ],
    testGroups: [group],
  };
  return { file };
}

/** A file name for a signature: `fuzz_e2e_decrypt_accepts_what_the_reference_rejects_test.json`. */
export function regressionFileName(signature: string): string {
  const slug = signature
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 100);
  return `fuzz_${slug}_test.json`;
}

export function writeRegressionFile(dir: string, signature: string, file: VectorFile): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, regressionFileName(signature));
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  return path;
}
