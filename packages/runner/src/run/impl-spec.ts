// Resolves the `<impl>` argument of `conform run` (docs/design.md §5): a directory holding a
// `conform.json` (`{"name", "command": [argv...]}`, run with that directory as its cwd) or an
// executable file (run with its own directory as cwd).
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from './errors.js';

/** How to start an implementation. */
export interface ImplSpec {
  readonly name: string;
  /** argv: the program and its arguments. */
  readonly command: readonly [string, ...string[]];
  readonly cwd: string;
}

export function resolveImplSpec(target: string): ImplSpec {
  const path = resolve(target);
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new ConfigError(`implementation not found: ${target}`);
  }
  if (stat.isDirectory()) return readConformJson(path);
  if (!stat.isFile()) throw new ConfigError(`not a directory or a file: ${target}`);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new ConfigError(`${target} is not executable (give a directory with conform.json, or chmod +x it)`);
  }
  return { name: basename(path), command: [path], cwd: dirname(path) };
}

function readConformJson(dir: string): ImplSpec {
  const file = join(dir, 'conform.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`${dir} has no conform.json (expected {"name": "...", "command": ["argv", ...]})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError(`${file} must hold a JSON object {"name", "command"}`);
  }
  const { name, command } = json as Record<string, unknown>;
  if (typeof name !== 'string' || name === '') {
    throw new ConfigError(`${file}: "name" must be a non-empty string`);
  }
  if (
    !Array.isArray(command) ||
    command.length === 0 ||
    !command.every((a): a is string => typeof a === 'string') ||
    command[0] === ''
  ) {
    throw new ConfigError(`${file}: "command" must be a non-empty array of strings (argv)`);
  }
  const [program, ...args] = command;
  return { name, command: [program!, ...args], cwd: dir };
}
