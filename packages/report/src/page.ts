// The shell both pages share: one self-contained document. A Content-Security-Policy forbids every
// fetch (default-src 'none') and admits only the page's own inline script, by its hash, so the file
// works offline and cannot reach the network even if a report carried markup by mistake.
import { createHash } from 'node:crypto';
import { esc } from './html.js';
import { STYLE } from './style.js';

export interface PageParts {
  readonly title: string;
  readonly body: string;
  /** The page's script (progressive enhancement: the page reads fine without it). */
  readonly script: string;
}

export function renderPage(parts: PageParts): string {
  const hash = createHash('sha256').update(parts.script, 'utf8').digest('base64');
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src 'sha256-${hash}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${esc(parts.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<a class="skip-link" href="#main">Skip to the report</a>',
    `<main id="main">${parts.body}</main>`,
    `<script>${parts.script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
