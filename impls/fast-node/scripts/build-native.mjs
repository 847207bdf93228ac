// Builds fast-node's native path (native/ige.c, AES-256-IGE on AES-NI) with npm's own node-gyp, after
// tsc. Never fails the package build: without node-gyp, headers or a compiler it prints one line
// saying the native path is skipped and why, removes any stale addon, and exits 0; the process then
// answers with the JavaScript path (src/native.ts decides at load).
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync, rmSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

const here = join(import.meta.dirname, '..');
const nativeDir = join(here, 'native');
const addon = join(nativeDir, 'build', 'Release', 'conform_ige.node');

/** node-gyp.js inside npm's own install: via npm_execpath (under `npm run`), else npm on PATH. */
function findNodeGyp() {
  const candidates = [];
  const execPath = process.env.npm_execpath;
  if (execPath)
    candidates.push(join(dirname(execPath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const npm = join(dir, 'npm');
    if (dir !== '' && existsSync(npm)) {
      candidates.push(
        join(dirname(realpathSync(npm)), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
      );
    }
  }
  return candidates.find((path) => existsSync(path));
}

/** Node's headers: npm's nodedir setting, else the prefix of this node when it ships them (no download). */
function findNodeDir() {
  const configured = process.env.npm_config_nodedir;
  if (configured) return configured;
  const prefix = join(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

function skip(reason) {
  rmSync(join(nativeDir, 'build'), { recursive: true, force: true });
  console.log(`fast-node: native AES-NI path skipped (${reason}); the JavaScript path will answer`);
  process.exit(0);
}

const nodeGyp = findNodeGyp();
if (nodeGyp === undefined) skip("npm's node-gyp not found");
const nodeDir = findNodeDir();
if (nodeDir === undefined) skip('no Node headers found (set npm_config_nodedir)');

const result = spawnSync(
  process.execPath,
  [nodeGyp, 'rebuild', '--directory', nativeDir, `--nodedir=${nodeDir}`, '--loglevel=error'],
  { cwd: here, encoding: 'utf8', timeout: 300_000, env: { ...process.env, npm_config_nodedir: nodeDir } },
);
if (result.error !== undefined) skip(`node-gyp did not run: ${result.error.message}`);
if (result.status !== 0 || !existsSync(addon)) {
  const output = `${result.stderr}\n${result.stdout}`.split('\n').map((line) => line.trim());
  const cause =
    output.find((line) => /error|not found|No such file/i.test(line) && !line.startsWith('gyp ERR! stack')) ??
    `node-gyp exited with ${result.status}`;
  skip(cause.slice(0, 200));
}
console.log(`fast-node: native AES-NI path built (${addon})`);
