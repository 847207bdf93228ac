// A finding as a regression vector file in the format of packages/vectors/src/format.ts: one file a
// finding, one group (the op's), one test, with the fields of the bundled file for that op, so that
// the test can join a suite or be run by a runner that takes extra vector files. Those fields (schema,
// algorithm, group type, inputs, outputs, error code) are read from the bundled vectors, so a new op
// needs only its rules here. The expected answer is the reference's; where §12 allows more than one,
// the test is `acceptable`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  listVectorFiles,
  loadVectorFile,
  type BugType,
  type VectorFile,
  type VectorGroup,
  type VectorResult,
  type VectorTest,
} from '@conform/vectors';
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
  /** The only error code the bundled groups of the op use, if they name one. */
  readonly error?: string;
  readonly rules: readonly string[];
  /** Why these arguments cannot be written under this schema, if they cannot. */
  readonly check?: (args: Readonly<Record<string, unknown>>) => string | undefined;
}

type Check = NonNullable<OpFormat['check']>;

const isInt = (v: unknown, min: number, max: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/**
 * What the bundled files cannot say about a finding's op: the rules its note cites, and the
 * arguments the fuzzer sends that the file's schema cannot hold. The rest of the format (file,
 * schema, algorithm, group type, inputs, outputs, error code) is read from the bundled vectors.
 */
const NOTES: Readonly<Record<string, { readonly rules: readonly string[]; readonly check?: Check }>> = {
  'ige.encrypt': { rules: ['R1.1', 'R1.2'] },
  'ige.decrypt': { rules: ['R1.1', 'R1.2'] },
  'mtproto2.msg_key': { rules: ['R2.1', 'R2.3'] },
  'mtproto2.kdf': { rules: ['R2.1', 'R2.3'] },
  'e2e.encrypt': { rules: ['R3.4', 'R3.6'] },
  'e2e.decrypt': {
    rules: ['R3.7', 'R3.8'],
    check: (args) =>
      args.x === 0 || args.x === 8 ? undefined : `x = ${String(args.x)} (the schema allows 0 and 8)`,
  },
  'dh.check_params': {
    rules: ['R4.2'],
    check: (args) =>
      isInt(args.g, -0x80000000, 0x7fffffff) ? undefined : `g = ${String(args.g)} is not an int32`,
  },
  'dh.check_public': {
    rules: ['R4.3'],
    check: (args) => (String(args.p).length === 512 ? undefined : 'p is not 256 bytes'),
  },
  'dh.public': {
    rules: ['R4.5'],
    check: (args) =>
      isInt(args.g, 2, 0x7fffffff) ? undefined : `g = ${String(args.g)} (the schema allows 2..2^31 − 1)`,
  },
  'dh.key': { rules: ['R4.7'] },
  'key.fingerprint': { rules: ['R4.7'] },
  'key.visual': { rules: ['R8.1'] },
  'key.picture': { rules: ['R8.2'] },
  'key.emoji': { rules: ['R8.3'] },
  'tl.encode': { rules: ['R7.1'] },
  'tl.decode': { rules: ['R7.1'] },
  'api.encode': { rules: ['R4.8'] },
  'api.decode': { rules: ['R4.8'] },
};

/** Merges `from` into `into`, refusing an argument or result mapped to two fields. */
function mergeFields(into: Record<string, string>, from: Readonly<Record<string, string>>, where: string) {
  for (const [name, field] of Object.entries(from)) {
    if (into[name] !== undefined && into[name] !== field)
      throw new Error(`${where}: ${name} is the field ${into[name]} in one group and ${field} in another`);
    into[name] = field;
  }
}

let formats: ReadonlyMap<string, OpFormat> | undefined;

/**
 * The format of each op's regression files, from the bundled vectors: a group of the op in its
 * file (the groups judged by `verify` excepted, their outputs are not the op's results), with the
 * union of the inputs of its groups (optional arguments such as key46 appear in some only).
 */
export function regressionFormats(): ReadonlyMap<string, OpFormat> {
  if (formats !== undefined) return formats;
  const made = new Map<string, OpFormat>();
  for (const name of listVectorFiles()) {
    const vectors = loadVectorFile(name);
    for (const group of vectors.testGroups) {
      const note = NOTES[group.op];
      if (note === undefined || group.verify !== undefined) continue;
      const where = `${name}, ${group.op}`;
      const seen = made.get(group.op);
      if (seen !== undefined && (seen.schema !== vectors.schema || seen.type !== group.type))
        throw new Error(`${where}: the op's groups are in two schemas or of two types`);
      if (seen?.error !== undefined && group.error !== undefined && seen.error !== group.error)
        throw new Error(`${where}: the op's groups use two error codes`);
      const inputs = { ...seen?.inputs };
      mergeFields(inputs, group.inputs, where);
      const outputs = { ...seen?.outputs };
      mergeFields(outputs, group.outputs, where);
      const error = seen?.error ?? group.error;
      made.set(group.op, {
        schema: vectors.schema,
        algorithm: vectors.algorithm,
        type: group.type,
        inputs,
        outputs,
        ...(error !== undefined ? { error } : {}),
        ...note,
      });
    }
  }
  formats = made;
  return made;
}

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
  const format = regressionFormats().get(input.op);
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
