// Adds up the JSON reports vitest wrote in every workspace and prints one closing line that CI
// logs can be read by: "tests: N passed, N failed, N skipped". Exits 1 if any report is missing
// or counted a failure, so the line can never claim a green run that did not happen.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const dirs = [];
const { readdirSync, statSync } = await import('node:fs');
for (const pattern of manifest.workspaces) {
  // `packages/*` names every package below packages/; `ci` names one package itself.
  if (!pattern.endsWith('/*')) {
    if (existsSync(join(root, pattern, 'package.json'))) dirs.push(join(root, pattern));
    continue;
  }
  const base = pattern.slice(0, -2);
  for (const name of readdirSync(join(root, base))) {
    const dir = join(root, base, name);
    if (statSync(dir).isDirectory() && existsSync(join(dir, 'package.json'))) dirs.push(dir);
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
let problems = 0;
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!pkg.scripts?.test) continue;
  const report = join(dir, 'test-results', 'vitest.json');
  if (!existsSync(report)) {
    console.error(`test-summary: ${pkg.name} has a test script but wrote no ${report}`);
    problems++;
    continue;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  console.error(
    `  ${pkg.name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`,
  );
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || problems > 0 || passed === 0 ? 1 : 0);
