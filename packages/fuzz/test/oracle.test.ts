// The fuzzer's oracle against the bundled vectors: every test of a stateless op (those files were
// cross-checked by implementations that share no code with the reference, packages/vectors/SOURCES.md)
// must get the answer the vector names — the results of a valid test, the group's error code of an
// invalid one, and for an acceptable one an answer the vector allows. This ties the oracle's argument
// rules (bad_input lengths of R8.2, R8.3; bad_tl of R4.8, R7.1) to data it did not compute.
import { describe, expect, it } from 'vitest';
import { listVectorFiles, loadVectorFile, type VectorGroup, type VectorTest } from '@conform/vectors';
import { ORACLE, sameOutcome, type Outcome } from '../src/index.js';

const requestArgs = (group: VectorGroup, test: VectorTest) =>
  Object.fromEntries(
    Object.entries(group.inputs)
      .filter(([, field]) => test[field] !== undefined)
      .map(([arg, field]) => [arg, test[field]]),
  );

/** The success a test names: its outputs (an acceptable test may give none). */
const success = (group: VectorGroup, test: VectorTest): Outcome => ({
  ok: true,
  results: Object.fromEntries(
    Object.entries(group.outputs)
      .filter(([, field]) => test[field] !== undefined)
      .map(([name, field]) => [name, test[field]]),
  ),
});

/** The groups the oracle can judge: its ops, with the results given (not the `verify` kind). */
const cases = listVectorFiles().flatMap((file) =>
  loadVectorFile(file).testGroups.flatMap((group) =>
    ORACLE.has(group.op) && group.verify === undefined
      ? group.tests.map((test) => ({ file, group, test }))
      : [],
  ),
);

describe('the oracle agrees with the bundled vectors', () => {
  it('covers the ops added after the freeze', () => {
    const ops = new Set(cases.map((c) => c.group.op));
    for (const op of ['key.picture', 'key.emoji', 'api.encode', 'api.decode']) expect(ops).toContain(op);
  });

  it.each([...new Set(cases.map((c) => c.file))])('%s', (file) => {
    const mine = cases.filter((c) => c.file === file);
    expect(mine.length).toBeGreaterThan(0);
    for (const { group, test } of mine) {
      const where = `${file}#${test.tcId} (${test.flags.join(', ')})`;
      const { outcomes } = ORACLE.get(group.op)!(requestArgs(group, test));
      if (test.result === 'valid') {
        expect(outcomes, where).toHaveLength(1);
        expect(sameOutcome(success(group, test), outcomes[0]!), where).toBe(true);
      } else if (test.result === 'invalid') {
        expect(outcomes, where).toEqual([{ ok: false, error: group.error }]);
      } else {
        // acceptable: every answer the oracle allows is one the vector allows. (Not always more
        // than one: tl_test.json's DivergenceTlLongLengthForm is a TDLib leniency the reference
        // cannot compute, so the fuzzer holds implementations to the strict answer there.)
        for (const o of outcomes)
          expect(o.ok ? sameOutcome(success(group, test), o) : o.error === group.error, where).toBe(true);
      }
    }
  });
});
