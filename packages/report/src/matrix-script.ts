// The matrix page's script: row filters (kind toggles, failing rows, rows where implementations
// disagree, text). Without script every row shows and the filter bar stays hidden.
export const MATRIX_SCRIPT = `(() => {
  'use strict';
  const table = document.getElementById('matrix');
  const bar = document.getElementById('filters');
  if (!table || !bar) return;
  const rows = Array.from(table.tBodies[0].rows);
  const kinds = Array.from(bar.querySelectorAll('button[data-kind]'));
  const failing = document.getElementById('f-failing');
  const differ = document.getElementById('f-differ');
  const text = document.getElementById('f-text');
  const count = document.getElementById('f-count');
  const pressed = (b) => b.getAttribute('aria-pressed') === 'true';
  const apply = () => {
    const on = new Set(kinds.filter(pressed).map((b) => b.dataset.kind));
    const q = text.value.trim().toLowerCase();
    let shown = 0;
    let total = 0;
    const visibleByKind = new Map();
    for (const tr of rows) {
      if (tr.classList.contains('kind')) continue;
      total++;
      const show =
        on.has(tr.dataset.kind) &&
        (!failing.checked || tr.dataset.f === '1') &&
        (!differ.checked || tr.dataset.d === '1') &&
        (q === '' || tr.textContent.toLowerCase().includes(q));
      tr.hidden = !show;
      if (show) {
        shown++;
        visibleByKind.set(tr.dataset.kind, true);
      }
    }
    for (const tr of rows) if (tr.classList.contains('kind')) tr.hidden = !visibleByKind.get(tr.dataset.kind);
    count.textContent = 'Showing ' + shown + ' of ' + total + ' rows.';
  };
  for (const b of kinds) {
    b.addEventListener('click', () => {
      b.setAttribute('aria-pressed', String(!pressed(b)));
      apply();
    });
  }
  failing.addEventListener('change', apply);
  differ.addEventListener('change', apply);
  text.addEventListener('input', apply);
  // A followed link moves keyboard focus to its target (a failing cell's list, a vector).
  const focusTarget = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const el = id ? document.getElementById(id) : null;
    if (el && el.tabIndex === -1) el.focus({ preventScroll: true });
  };
  window.addEventListener('hashchange', focusTarget);
  bar.hidden = false;
  apply();
})();`;
