// Acceptance: the reference's runtime imports are only @noble/*, and src/ uses no Node API, no
// ambient randomness and no clock (docs/design.md, "The reference package"). ESLint enforces the same rules while editing; this
// test reads the sources directly so the guarantee does not depend on the lint configuration.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const srcDir = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Strips comments and string/template contents so that prose cannot trigger or hide a finding. */
function codeOnly(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/.*$/gm, ' ')
    .replace(/`(?:\\.|[^`\\])*`/g, '``')
    .replace(/'(?:\\.|[^'\\\n])*'/g, "''")
    .replace(/"(?:\\.|[^"\\\n])*"/g, '""');
}

export function findImpurities(file: string, text: string): string[] {
  const problems: string[] = [];
  const specifiers = [...text.matchAll(/(?:^|\s)(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1]!,
  );
  specifiers.push(...[...text.matchAll(/(?:^|\s)import\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!));
  for (const s of specifiers) {
    if (!/^@noble\/(ciphers|hashes)\//.test(s) && !s.startsWith('./') && !s.startsWith('../')) {
      problems.push(`${file}: imports ${s}`);
    }
  }
  const code = codeOnly(text);
  const banned: [RegExp, string][] = [
    [/\bimport\s*\(/, 'dynamic import()'],
    [/\brequire\s*\(/, 'require()'],
    [/\bBuffer\b/, 'Buffer'],
    [/\bprocess\b/, 'process'],
    [/\bMath\.random\b/, 'Math.random'],
    [/\bDate\b/, 'Date'],
    [/\bperformance\b/, 'performance'],
    [/\bcrypto\b/, 'crypto (ambient Web Crypto or node:crypto)'],
    [/\bset(Timeout|Interval|Immediate)\b/, 'timers'],
    [/\bglobalThis\b/, 'globalThis'],
  ];
  for (const [pattern, what] of banned) if (pattern.test(code)) problems.push(`${file}: uses ${what}`);
  return problems;
}

describe('reference purity (acceptance 5)', () => {
  it('src/ imports only @noble/ciphers, @noble/hashes and its own files, and touches no ambient state', () => {
    const files = sourceFiles(srcDir);
    expect(files.length).toBeGreaterThan(5);
    const problems = files.flatMap((f) => findImpurities(relative(root, f), readFileSync(f, 'utf8')));
    expect(problems).toEqual([]);
  });

  it('package.json declares only @noble/* as runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual(['@noble/ciphers', '@noble/hashes']);
    // The low-level AES block API is documented as unstable: the version must be pinned exactly.
    expect(pkg.dependencies?.['@noble/ciphers']).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('the checker itself catches each kind of impurity', () => {
    const bad = [
      "import { readFileSync } from 'node:fs';",
      "import x from 'lodash';",
      "export { y } from 'buffer';",
      'const b = Buffer.from([1]);',
      'const r = Math.random();',
      'const t = Date.now();',
      'const m = await import("./x.js");',
      'const c = crypto.getRandomValues(new Uint8Array(4));',
      'const e = process.env.X;',
    ];
    for (const line of bad) expect(findImpurities('x.ts', line), line).not.toEqual([]);
    expect(
      findImpurities(
        'x.ts',
        "import { sha256 } from '@noble/hashes/sha2.js';\n// Date.now() in a comment\nconst s = 'Buffer';",
      ),
    ).toEqual([]);
  });
});
