// A mutant adapter: the reference adapter's protocol loop with the ops of the mutant named by
// argv[2] swapped in. `node dist/mutants/src/main.js <id>`; see src/mutants.ts for the ids.
import { OPS, type Op } from '../../reference/src/ops.js';
import { findMutant, MUTANTS } from './mutants.js';

const id = process.argv[2];
const mutant = findMutant(id);
if (mutant === undefined) {
  console.error(
    `conform mutants: unknown mutant ${JSON.stringify(id)}; one of: ${MUTANTS.map((m) => m.id).join(', ')}`,
  );
  process.exit(2);
}

const ops = OPS as Map<string, Op>; // the reference's table, patched in place before the loop starts
const hello = ops.get('hello')!;
ops.set('hello', (args) => ({ ...hello(args), name: `mutant ${mutant.id}` }));
for (const [name, op] of Object.entries(mutant.ops)) ops.set(name, op);

await import('../../reference/src/main.js');
