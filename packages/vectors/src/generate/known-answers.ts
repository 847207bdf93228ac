// The published known answers that ship with @conform/reference (packages/reference/known-answers),
// read through the package so the generator works from any checkout.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function knownAnswers<T>(file: string): T {
  return JSON.parse(readFileSync(require.resolve(`@conform/reference/known-answers/${file}`), 'utf8')) as T;
}
