// Takes a PNG of a conform page (the README's docs/img/matrix.png) with headless Chromium:
//   node scripts/screenshot.mjs PAGE.html OUT.png [--failing] [--width N] [--height N] [--dark]
// --failing ticks "only rows with a failure" on a matrix page first. Debian's chromium is expected
// at /usr/bin/chromium (CHROMIUM overrides it).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : fallback;
};
const [page, out] = args.filter(
  (a, i) => !a.startsWith('--') && !/^--(width|height)$/.test(args[i - 1] ?? ''),
);
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (page === undefined || out === undefined || !existsSync(page)) {
  console.error(
    'usage: node scripts/screenshot.mjs PAGE.html OUT.png [--failing] [--width N] [--height N] [--dark]',
  );
  process.exit(2);
}
if (!existsSync(executablePath)) {
  console.error(`${executablePath} is missing: apt-get install chromium (or set CHROMIUM)`);
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const context = await browser.newContext({
    viewport: { width: value('--width', 1440), height: value('--height', 1100) },
    colorScheme: flag('--dark') ? 'dark' : 'light',
  });
  const tab = await context.newPage();
  await tab.goto(pathToFileURL(resolve(page)).href);
  if (flag('--failing')) await tab.locator('#f-failing').check();
  await tab.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
