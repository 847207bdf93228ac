// The committed vectors are exactly what the generator makes from its seed (acceptance 2), valid
// against their JSON schemas (by Ajv, a real JSON Schema validator), internally consistent, and
// each records agreement with at least one independent implementation (acceptance 3).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { listVectorFiles, loadVectorFile, type VectorFile } from '../src/index.js';
import { generateAll, PACKAGE_ROOT, REGISTRY_PATH, VECTOR_DIR } from '../src/generate/generate.js';
import { COVERAGE_DOC, parseSpecRules, SOURCES_DOC, SPEC_PATH } from '../src/generate/docs.js';

const SCHEMA_DIR = join(import.meta.dirname, '..', 'schemas');

const generated = await generateAll('check'); // throws if a test has no tcId yet

describe('regeneration from the seed is byte-identical', () => {
  const committed = listVectorFiles();

  it('generates exactly the committed set of files', () => {
    expect([...generated.files.keys()].sort()).toEqual(committed);
  });
  for (const name of committed) {
    it(`${name} has no drift`, () => {
      const text = readFileSync(join(VECTOR_DIR, name), 'utf8');
      expect(
        generated.files.get(name) === text,
        `${name} differs: run npm run generate -w @conform/vectors`,
      ).toBe(true);
    });
  }
  for (const doc of [COVERAGE_DOC, SOURCES_DOC]) {
    it(`${doc} has no drift`, () => {
      const text = readFileSync(join(PACKAGE_ROOT, doc), 'utf8');
      expect(
        generated.docs.get(doc) === text,
        `${doc} differs: run npm run generate -w @conform/vectors`,
      ).toBe(true);
    });
  }
  it('COVERAGE.md lists every rule of docs/spec.md and SOURCES.md every vector file', () => {
    const rules = parseSpecRules(readFileSync(SPEC_PATH(PACKAGE_ROOT), 'utf8')).map((r) => r.id);
    expect(rules.length).toBeGreaterThan(50);
    expect(rules).toContain('R1.1');
    expect(rules).toContain('R8.3');
    const coverage = generated.docs.get(COVERAGE_DOC)!;
    for (const id of rules)
      expect(coverage, id).toMatch(
        new RegExp(`^\\| ${id.replace('.', '\\.')} \\| \\d+ \\| \\d+ \\| \\d+ \\|`, 'm'),
      );
    const sources = generated.docs.get(SOURCES_DOC)!;
    for (const name of committed) expect(sources).toContain(`## ${name}`);
  });
  it('COVERAGE.md counts match the flags of the vector files', () => {
    const coverage = generated.docs.get(COVERAGE_DOC)!;
    const rules = parseSpecRules(readFileSync(SPEC_PATH(PACKAGE_ROOT), 'utf8'));
    for (const { id } of rules) {
      const expected = { valid: 0, invalid: 0, acceptable: 0 };
      for (const file of generated.parsed.values())
        for (const t of file.testGroups.flatMap((g) => g.tests))
          if (t.flags.some((f) => file.notes[f]?.rules.includes(id))) expected[t.result]++;
      const [, valid, invalid, acceptable] = new RegExp(
        `^\\| ${id.replace('.', '\\.')} \\| (\\d+) \\| (\\d+) \\| (\\d+) \\|`,
        'm',
      ).exec(coverage)!;
      expect({ valid: Number(valid), invalid: Number(invalid), acceptable: Number(acceptable) }, id).toEqual(
        expected,
      );
    }
  });
  it('the tcId registry is unchanged (ids are assigned once and never reused)', () => {
    expect(generated.registry.added).toEqual([]);
    expect(JSON.stringify(generated.registry.toJSON(), null, 2) + '\n').toBe(
      readFileSync(REGISTRY_PATH, 'utf8'),
    );
  });
});

describe('schema validation (Ajv, JSON Schema 2020-12)', () => {
  const ajv = new Ajv2020.default({
    allErrors: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  });
  for (const file of readdirSync(SCHEMA_DIR))
    ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')));
  for (const name of listVectorFiles()) {
    it(`${name} validates against the schema it names`, () => {
      const data = loadVectorFile(name);
      const validate = ajv.getSchema(data.schema);
      expect(validate, `schema ${data.schema} exists`).toBeDefined();
      const ok = validate!(data);
      expect(validate!.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    });
  }
  it('the validator rejects a file with a malformed test (the check can fail)', () => {
    const data = structuredClone(loadVectorFile('ige_test.json')) as unknown as {
      testGroups: { tests: Record<string, unknown>[] }[];
    };
    data.testGroups[0]!.tests[0]!.key = 'not hex';
    expect(ajv.getSchema('ige_test_schema_v1.json')!(data)).toBe(false);
  });
});

describe('file consistency', () => {
  for (const name of listVectorFiles()) {
    const file: VectorFile = loadVectorFile(name);
    it(`${name}: numberOfTests, unique tcIds, every flag noted, every op field present`, () => {
      const tests = file.testGroups.flatMap((g) => g.tests.map((t) => ({ g, t })));
      expect(file.numberOfTests).toBe(tests.length);
      expect(new Set(tests.map(({ t }) => t.tcId)).size).toBe(tests.length);
      for (const { g, t } of tests) {
        for (const flag of t.flags) expect(file.notes[flag], `${name}#${t.tcId} flag ${flag}`).toBeDefined();
        for (const field of Object.values(g.inputs))
          expect(t[field], `${name}#${t.tcId} input ${field}`).toBeDefined();
        if (t.result === 'valid') {
          for (const field of Object.values(g.outputs))
            expect(t[field], `${name}#${t.tcId} output ${field}`).toBeDefined();
        }
        // A transcript judges refusals by its observations, not by one error code.
        if (t.result === 'invalid' && g.op !== 'chat')
          expect(g.error, `${name}#${t.tcId}: invalid needs the group's error code`).toBeDefined();
      }
    });
    // Stateless files only: no independent implementation of the chat state machine exists to run
    // the transcripts against (chat_test.json's header says so).
    if (file.testGroups.every((g) => g.op === 'chat')) continue;
    it(`${name}: agreement with at least one independent implementation is recorded`, () => {
      expect(file.crossValidation.length).toBeGreaterThan(0);
      expect(file.crossValidation.some((c) => c.tests > 0)).toBe(true);
    });
  }
});
