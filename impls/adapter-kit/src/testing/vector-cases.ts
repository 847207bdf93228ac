// The committed vectors (packages/vectors/testvectors_v1) as arguments of an op and the outputs
// the op must answer, for adapter tests. The kit does not depend on @conform/vectors (whose
// generator runs impls/reference, which tests itself with this module: a cycle), so the directory
// is found from this module's place in the repository, in src/ as in dist/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Args } from '../args.js';

const VECTORS = join('packages', 'vectors', 'testvectors_v1');

function findVectorDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, VECTORS);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) {
      throw new Error(`no ${VECTORS} in ${from} or any folder above it: is this the conform repository?`);
    }
  }
}

/** The vector files' directory. */
export const VECTOR_DIR: string = findVectorDir(import.meta.dirname);

/** The file holding the vectors of each workload of the bench contract (PROTOCOL.md §8). */
export const WORKLOAD_FILES: Readonly<Record<string, string>> = {
  'ige.encrypt': 'ige_test.json',
  'ige.decrypt': 'ige_test.json',
  'mtproto2.msg_key': 'mtproto2_test.json',
  'mtproto2.kdf': 'mtproto2_test.json',
  'e2e.encrypt': 'e2e_encrypt_test.json',
  'e2e.decrypt': 'e2e_decrypt_test.json',
  'dh.key': 'dh_test.json',
};

/** One vector as an op call: its arguments, the outputs it expects, and whether it is `valid`. */
export interface VectorCase {
  /** `file#tcId`, for assertion messages. */
  readonly id: string;
  readonly args: Args;
  /** The expected results, lowercase hex (what a response holds), meaningful when `valid`. */
  readonly outputs: Readonly<Record<string, string>>;
  readonly valid: boolean;
}

interface Group {
  readonly op: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
  readonly verify?: string;
  readonly tests: readonly ({ tcId: number; result: string } & Record<string, unknown>)[];
}

/**
 * Every vector of `op` in `file` whose answer its arguments determine (groups with a `verify`
 * step, whose answer needs more than one op, are left out).
 */
export function vectorCases(file: string, op: string): VectorCase[] {
  const path = join(VECTOR_DIR, file);
  if (!existsSync(path)) throw new Error(`no vector file ${file} in ${VECTOR_DIR}`);
  const { testGroups } = JSON.parse(readFileSync(path, 'utf8')) as { testGroups?: Group[] };
  if (!Array.isArray(testGroups)) throw new Error(`${path} has no testGroups array`);
  return testGroups
    .filter((g) => g.op === op && g.verify === undefined)
    .flatMap((g) =>
      g.tests.map((t) => ({
        id: `${file}#${t.tcId}`,
        args: Object.fromEntries(Object.entries(g.inputs).map(([arg, field]) => [arg, t[field]])),
        outputs: Object.fromEntries(
          Object.entries(g.outputs).map(([res, field]) => [res, String(t[field]).toLowerCase()]),
        ),
        valid: t.result === 'valid',
      })),
    );
}
