// Shared by the fuzz tests: the built adapters under impls/ (build them first with
// `npx turbo run build --filter=@conform/impl-reference --filter=@conform/impl-mutants`).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveImplSpec, type ImplSpec } from '@conform/runner';

export const REPO = join(import.meta.dirname, '..', '..', '..');
export const REFERENCE_DIR = join(REPO, 'impls', 'reference');
export const MUTANTS_DIR = join(REPO, 'impls', 'mutants');

export function referenceSpec(): ImplSpec {
  if (!existsSync(join(REFERENCE_DIR, 'dist', 'main.js')))
    throw new Error('impls/reference is not built: npx turbo run build --filter=@conform/impl-reference');
  return resolveImplSpec(REFERENCE_DIR);
}

export function mutantSpec(id: string): ImplSpec {
  if (!existsSync(join(MUTANTS_DIR, 'dist', 'mutants', 'src', 'main.js')))
    throw new Error('impls/mutants is not built: npx turbo run build --filter=@conform/impl-mutants');
  return resolveImplSpec(join(MUTANTS_DIR, id));
}
