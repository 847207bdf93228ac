// Keeps ci/github-actions/conform.yml true to the conform CLI: every flag its `conform run` step uses
// must be one `conform run --help` lists, and the job must keep the shape ci/README.md promises
// (pinned conform, Node 20, npm ci, reports uploaded even on failure, the job failing on exit ≠ 0).
// The `yaml` package is not installed, so the workflow is read with regexes over its fixed layout.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { EXIT_CODES } from '@conform/runner';
import { beforeAll, describe, expect, it } from 'vitest';

const ciDir = join(import.meta.dirname, '..');
const runnerDir = join(ciDir, '..', 'packages', 'runner');
// Inside packages/runner, so the compiled CLI resolves the runner's own dependencies (its Ajv 8 is not
// the one hoisted to the root).
const out = join(runnerDir, 'test-results', 'ci-cli-build');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const workflow = readFileSync(join(ciDir, 'github-actions', 'conform.yml'), 'utf8');
const readme = readFileSync(join(ciDir, 'README.md'), 'utf8');

interface Step {
  readonly name: string;
  /** The step's lines, its `- name:` line included. */
  readonly text: string;
}

/** The job's steps: each starts at a `      - name:` line (six spaces, the template's layout). */
function steps(): Step[] {
  const parts = workflow.split(/^(?= {6}- name: )/m).slice(1);
  return parts.map((text) => ({ name: /^ {6}- name: (.*)$/m.exec(text)![1]!.trim(), text }));
}

function step(name: string): Step {
  const found = steps().find((s) => s.name === name);
  if (found === undefined) throw new Error(`conform.yml has no step named "${name}"`);
  return found;
}

/** The body of a `run: |` block (the lines indented past `run:`, dedented), or an inline `run:` value. */
function runScript(s: Step): string {
  const block = /^( *)run: \|\n((?:\1 {2}.*\n|\s*\n)+)/m.exec(s.text);
  if (block) {
    const indent = `${block[1]!}  `;
    return block[2]!
      .split('\n')
      .map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trim()))
      .join('\n');
  }
  const inline = /^ *run: (.+)$/m.exec(s.text);
  if (inline) return inline[1]!;
  throw new Error(`step "${s.name}" has no run script`);
}

/** A `key: value` of a step (its `with:`, `env:` or own keys), first match. */
function field(s: Step, key: string): string | undefined {
  return new RegExp(`^ +${key}: (.+)$`, 'm').exec(s.text)?.[1]?.trim();
}

let help = '';

beforeAll(() => {
  // The CLI compiled from src (never a possibly stale dist/), as packages/runner's own CLI test does.
  execFileSync(process.execPath, [
    tsc,
    '-p',
    join(runnerDir, 'tsconfig.build.json'),
    '--outDir',
    out,
    '--sourceMap',
    'false',
  ]);
  const r = spawnSync(process.execPath, [join(out, 'cli.js'), 'run', '--help'], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(r.status).toBe(0);
  help = r.stdout + r.stderr;
}, 180_000);

describe('ci/github-actions/conform.yml', () => {
  it('is plain YAML text: no tabs, and every step sits at the indentation the checks read', () => {
    expect(workflow).not.toMatch(/\t/);
    expect(steps().map((s) => s.name)).toEqual([
      'Check out the implementation',
      'Check out conform (pinned)',
      'Set up Node 20',
      'Install conform',
      'Build the implementation',
      'Run conform',
      'Upload the JUnit report',
      'Fail the job unless conform exited 0',
    ]);
  });

  it('runs `npm run conform -- run <impl>` from the conform checkout', () => {
    const s = step('Run conform');
    expect(field(s, 'working-directory')).toBe('conform');
    const script = runScript(s);
    expect(script).toMatch(/npm run conform -- "\$\{args\[@\]\}"/);
    expect(script).toMatch(/args=\(run "\$GITHUB_WORKSPACE\/impl\/\$IMPL_PATH"/);
  });

  it('uses only flags that `conform run --help` lists', () => {
    const flags = [...new Set(runScript(step('Run conform')).match(/--[a-z][a-z0-9-]*/g) ?? [])];
    for (const flag of flags)
      expect(help, `${flag} in conform run --help`).toMatch(new RegExp(`(^|\\s)${flag}\\s`));
    // And the ones ci/README.md describes are all there.
    expect(flags.sort()).toEqual(['--expect-fail', '--junit', '--markdown', '--shard']);
  });

  it('does not name $GITHUB_STEP_SUMMARY as the --markdown file while the CLI appends to it itself', () => {
    expect(help).toMatch(/GITHUB_STEP_SUMMARY/);
    expect(runScript(step('Run conform'))).not.toMatch(/--markdown "?\$GITHUB_STEP_SUMMARY/);
  });

  it('checks out a pinned conform and sets up Node 20', () => {
    const conform = step('Check out conform (pinned)');
    expect(field(conform, 'repository')).toBe('${{ env.CONFORM_REPOSITORY }}');
    expect(field(conform, 'ref')).toBe('${{ env.CONFORM_REF }}');
    // A full commit SHA, not a branch, quoted so that YAML reads a string (not 0, not 4498e5…).
    expect(workflow).toMatch(/^ {2}CONFORM_REF: '[0-9a-f]{40}'$/m);
    expect(field(step('Set up Node 20'), 'node-version')).toBe('20');
    expect(field(step('Install conform'), 'working-directory')).toBe('conform');
    expect(runScript(step('Install conform'))).toMatch(/^npm ci\b/);
  });

  it('uploads the JUnit file it asked for, even when conform failed', () => {
    const upload = step('Upload the JUnit report');
    expect(field(upload, 'if')).toBe('always()');
    expect(field(upload, 'uses')).toMatch(/^actions\/upload-artifact@/);
    const junit = /--junit "\$GITHUB_WORKSPACE\/([^"]+)"/.exec(runScript(step('Run conform')))?.[1];
    expect(junit).toBe('conform-junit.xml');
    expect(upload.text).toMatch(new RegExp(`^ +${junit!.replace('.', '\\.')}$`, 'm'));
  });

  it('fails the job on every exit code but 0, naming each code the runner defines', () => {
    const run = step('Run conform');
    expect(runScript(run)).toMatch(/^set \+e$/m);
    expect(runScript(run)).toMatch(/echo "exit-code=\$\?" >> "\$GITHUB_OUTPUT"/);
    const last = step('Fail the job unless conform exited 0');
    expect(field(last, 'if')).toBe('always()');
    expect(field(last, 'CODE')).toBe('${{ steps.conform.outputs.exit-code }}');
    const script = runScript(last);
    expect(script).toMatch(/test "\$CODE" = 0\s*$/);
    for (const [name, code] of Object.entries(EXIT_CODES)) {
      if (code === EXIT_CODES.interrupted) continue; // a CI job is cancelled, not interrupted
      expect(script, `exit ${code} (${name})`).toMatch(new RegExp(`^ +${code}\\) `, 'm'));
    }
  });
});

describe('ci/README.md', () => {
  it('documents every exit code of the runner', () => {
    for (const [name, code] of Object.entries(EXIT_CODES)) {
      expect(readme, `exit ${code} (${name})`).toMatch(new RegExp(`^\\| ${code} \\|`, 'm'));
    }
  });

  it('uses only real `conform run` flags in its examples', () => {
    const flags = new Set(
      [...readme.matchAll(/conform -- run [^\n`]*/g)].flatMap((m) => m[0].match(/--[a-z][a-z0-9-]*/g) ?? []),
    );
    expect(flags.size).toBeGreaterThan(0);
    for (const flag of flags)
      expect(help, `${flag} in conform run --help`).toMatch(new RegExp(`(^|\\s)${flag}\\s`));
  });
});
