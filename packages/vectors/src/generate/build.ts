// Turns areas into vector files: assigns tcIds, runs every cross-check (a disagreement stops the
// generation: a vector earns its place only when an independent implementation agrees), and
// serializes deterministically.
import type { VectorFile, VectorGroup, VectorTest } from '../format.js';
import type { Area } from './area.js';
import type { TcIdRegistry } from './registry.js';

export const GENERATOR_VERSION = '1';

export function buildFile(area: Area, registry: TcIdRegistry): VectorFile {
  const usedKeys = new Set<string>();
  const testGroups: VectorGroup[] = area.groups.map((group) => {
    const tests: VectorTest[] = group.tests.map((t) => {
      // Keys are unique per op, so the same data can appear once per direction.
      const key = `${group.op} ${t.key}`;
      if (usedKeys.has(key)) throw new Error(`${area.file}: duplicate test key "${key}"`);
      usedKeys.add(key);
      for (const flag of t.flags) {
        if (area.notes[flag] === undefined) throw new Error(`${area.file}: flag ${flag} has no note`);
      }
      return {
        tcId: registry.idFor(area.file, key),
        comment: t.comment,
        flags: [...t.flags],
        ...t.fields,
        result: t.result,
      };
    });
    return {
      type: group.type,
      op: group.op,
      inputs: { ...group.inputs },
      outputs: { ...group.outputs },
      ...(group.error !== undefined ? { error: group.error } : {}),
      ...(group.source !== undefined ? { source: group.source } : {}),
      ...(group.verify !== undefined ? { verify: group.verify } : {}),
      tests,
    };
  });
  const crossValidation = area.crossCheckers.map((checker) => {
    let agreed = 0;
    for (const group of area.groups) {
      for (const test of group.tests) {
        const verdict = checker.check(group, test);
        if (verdict === false) {
          throw new Error(
            `${area.file}: ${checker.implementation} disagrees with the reference on "${test.key}"`,
          );
        }
        if (verdict === true) agreed++;
      }
    }
    return { implementation: checker.implementation, covers: checker.covers, tests: agreed };
  });
  const numberOfTests = testGroups.reduce((n, g) => n + g.tests.length, 0);
  return {
    algorithm: area.algorithm,
    schema: area.schema,
    generatorVersion: GENERATOR_VERSION,
    numberOfTests,
    header: [...area.header],
    notes: area.notes,
    crossValidation,
    testGroups,
  };
}

export function serialize(file: VectorFile): string {
  return JSON.stringify(file, null, 2) + '\n';
}
