// Generates every vector file in memory. `write` mode may assign new tcIds; `check` mode may not,
// and is what CI runs: regenerating must reproduce the committed files byte for byte.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VectorFile } from '../format.js';
import { AREAS } from './areas/index.js';
import { buildFile, serialize } from './build.js';
import { createContext, type GenerationContext } from './context.js';
import { generateDocs, type AreaProvenance } from './docs.js';
import { TcIdRegistry, type Registry } from './registry.js';

export const PACKAGE_ROOT = join(import.meta.dirname, '..', '..');
export const VECTOR_DIR = join(PACKAGE_ROOT, 'testvectors_v1');
export const REGISTRY_PATH = join(PACKAGE_ROOT, 'tcids.json');

export interface Generated {
  /** File name → exact text to write. */
  readonly files: Map<string, string>;
  readonly parsed: Map<string, VectorFile>;
  readonly registry: TcIdRegistry;
  /** COVERAGE.md and SOURCES.md: path relative to the package root → exact text to write. */
  readonly docs: Map<string, string>;
}

export function loadRegistry(): Registry {
  try {
    return JSON.parse(readFileSync(REGISTRY_PATH, 'utf8')) as Registry;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

export async function generateAll(mode: 'write' | 'check'): Promise<Generated> {
  const ctx = createContext();
  const registry = new TcIdRegistry(loadRegistry(), mode === 'write');
  const files = new Map<string, string>();
  const parsed = new Map<string, VectorFile>();
  const provenance: AreaProvenance[] = [];
  for (const makeArea of AREAS) {
    // Record the rng labels each area draws from, for SOURCES.md.
    const rngLabels: string[] = [];
    const areaCtx: GenerationContext = {
      ...ctx,
      rng(label: string) {
        if (!rngLabels.includes(label)) rngLabels.push(label);
        return ctx.rng(label);
      },
    };
    const area = await makeArea(areaCtx);
    const file = buildFile(area, registry);
    files.set(area.file, serialize(file));
    parsed.set(area.file, file);
    provenance.push({ file: area.file, factory: makeArea.name, rngLabels });
  }
  const docs = generateDocs(parsed, provenance, PACKAGE_ROOT);
  return { files, parsed, registry, docs };
}
