// `conform vectors verify [files...]`: checks vector files the way the suite relies on them — each
// valid against the JSON schema it names (Ajv, JSON Schema 2020-12, the schemas shipped in
// @conform/vectors), and internally consistent: numberOfTests, unique tcIds, every flag noted, every
// input present, an error code for invalid stateless tests. With no files, the bundled ones. For
// whoever edits, extends or mirrors the vectors.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import {
  VECTOR_FILES_DIR,
  listVectorFiles,
  type VectorFile,
  type VectorGroup,
  type VectorTest,
} from '@conform/vectors';

export const SCHEMA_DIR = join(VECTOR_FILES_DIR, '..', 'schemas');

export interface FileVerdict {
  readonly file: string;
  readonly tests: number;
  readonly problems: readonly string[];
}

export function verifyVectorFiles(paths?: readonly string[]): FileVerdict[] {
  const ajv = new Ajv2020.default({
    allErrors: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  });
  for (const name of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json')))
    ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, name), 'utf8')) as object);
  const files =
    paths !== undefined && paths.length > 0 ? paths : listVectorFiles().map((f) => join(VECTOR_FILES_DIR, f));
  return files.map((path) => {
    const file = basename(path);
    let data: VectorFile;
    try {
      data = JSON.parse(readFileSync(path, 'utf8')) as VectorFile;
    } catch (error) {
      return { file, tests: 0, problems: [`cannot read it as JSON: ${(error as Error).message}`] };
    }
    const problems: string[] = [];
    const validate = typeof data.schema === 'string' ? ajv.getSchema(data.schema) : undefined;
    if (validate === undefined) problems.push(`names no schema conform knows (${String(data.schema)})`);
    else if (!validate(data))
      problems.push(
        ...(validate.errors ?? [])
          .slice(0, 20)
          .map((e) => `schema: ${e.instancePath || '/'} ${e.message ?? ''}`),
      );
    const groups: readonly VectorGroup[] = Array.isArray(data.testGroups) ? data.testGroups : [];
    const tests = groups.flatMap((g) =>
      Array.isArray(g.tests) ? g.tests.map((t: VectorTest) => ({ g, t })) : [],
    );
    if (data.numberOfTests !== tests.length)
      problems.push(`numberOfTests is ${String(data.numberOfTests)}, but it holds ${tests.length} tests`);
    const seen = new Set<number>();
    for (const { g, t } of tests) {
      const at = `#${String(t.tcId)}`;
      if (seen.has(t.tcId)) problems.push(`${at}: tcId used twice`);
      seen.add(t.tcId);
      for (const flag of t.flags ?? [])
        if (data.notes?.[flag] === undefined) problems.push(`${at}: flag ${flag} has no note`);
      for (const field of Object.values<string>(g.inputs ?? {}))
        if (t[field] === undefined) problems.push(`${at}: input field ${field} is missing`);
      if (t.result === 'valid')
        for (const field of Object.values<string>(g.outputs ?? {}))
          if (t[field] === undefined) problems.push(`${at}: output field ${field} is missing`);
      if (t.result === 'invalid' && g.op !== 'chat' && g.error === undefined)
        problems.push(`${at}: invalid, but its group names no error code`);
    }
    return { file, tests: tests.length, problems };
  });
}

export function formatVerdicts(verdicts: readonly FileVerdict[]): string {
  const lines: string[] = [];
  for (const v of verdicts) {
    lines.push(`${v.problems.length === 0 ? 'ok  ' : 'FAIL'} ${v.file} (${v.tests} tests)`);
    for (const p of v.problems.slice(0, 50)) lines.push(`     ${p}`);
    if (v.problems.length > 50) lines.push(`     … and ${v.problems.length - 50} more`);
  }
  const bad = verdicts.filter((v) => v.problems.length > 0).length;
  lines.push(`${verdicts.length} files: ${verdicts.length - bad} ok, ${bad} with problems`, '');
  return lines.join('\n');
}
