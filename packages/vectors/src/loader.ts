// Reads the committed vector files. Paths resolve from this module, so it works from src/ and dist/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VectorFile } from './format.js';

export const VECTOR_FILES_DIR = join(import.meta.dirname, '..', 'testvectors_v1');

/** The vector file names (`ige_test.json`, …), sorted. */
export function listVectorFiles(): string[] {
  return readdirSync(VECTOR_FILES_DIR)
    .filter((name) => name.endsWith('_test.json'))
    .sort();
}

export function loadVectorFile(name: string): VectorFile {
  return JSON.parse(readFileSync(join(VECTOR_FILES_DIR, name), 'utf8')) as VectorFile;
}
