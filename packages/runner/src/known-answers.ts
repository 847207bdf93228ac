// Loads the known-answer files that ship with @conform/reference (data with provenance; see
// packages/reference/known-answers/). Resolved through the package, so it works from any checkout.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function loadKnownAnswers<T>(file: string): T {
  const path = require.resolve(`@conform/reference/known-answers/${file}`);
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
