// The benchmark chart on the matrix page. An SVG is embedded as an <img> with a data: URL, never
// inline: as an image it cannot run script, fetch anything or restyle the page with its own
// <style> (whose selectors would otherwise apply to the whole document).

/** True when the text is an SVG document (optionally after an XML declaration, doctype or comments). */
export function isSvg(text: string): boolean {
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(
    text,
  );
}

/** The <img> markup for an SVG chart; a TypeError when the text is not SVG. */
export function svgImage(svg: string, alt: string): string {
  if (!isSvg(svg))
    throw new TypeError('the bench chart is not an SVG document (expected "<svg" at its start)');
  const data = Buffer.from(svg, 'utf8').toString('base64');
  const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<img src="data:image/svg+xml;base64,${data}" alt="${attr(alt)}">`;
}
