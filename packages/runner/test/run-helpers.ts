// Shared by the run-* tests: fake implementations in fixtures/, run with this Node.
import { join } from 'node:path';
import type { ImplSpec } from '../src/run/impl-spec.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

export function fake(script: string, ...args: string[]): ImplSpec {
  return { name: script, command: [process.execPath, join(FIXTURES, script), ...args], cwd: FIXTURES };
}
