// The run page's script: the filters (outcome toggles, suite, text) over the list of vectors, and
// a link to a vector the filters hide (from the grid, or a shared URL) shows it first. Without
// script the page shows every vector and no filter bar.
export const RUN_SCRIPT = `(() => {
  'use strict';
  const list = document.getElementById('results');
  const bar = document.getElementById('filters');
  if (!list || !bar) return;
  const items = Array.from(list.children);
  const buttons = Array.from(bar.querySelectorAll('button[data-outcome]'));
  const suite = document.getElementById('f-suite');
  const text = document.getElementById('f-text');
  const count = document.getElementById('f-count');
  const pressed = (b) => b.getAttribute('aria-pressed') === 'true';
  const apply = () => {
    const on = new Set(buttons.filter(pressed).map((b) => b.dataset.outcome));
    const s = suite.value;
    const q = text.value.trim().toLowerCase();
    let shown = 0;
    for (const li of items) {
      const show =
        on.has(li.dataset.o) &&
        (s === '' || li.dataset.s === s) &&
        (q === '' || (li.textContent + ' ' + li.dataset.k).toLowerCase().includes(q));
      li.hidden = !show;
      if (show) shown++;
    }
    count.textContent = 'Showing ' + shown + ' of ' + items.length + ' vectors.';
  };
  for (const b of buttons) {
    b.addEventListener('click', () => {
      b.setAttribute('aria-pressed', String(!pressed(b)));
      apply();
    });
  }
  document.getElementById('f-all').addEventListener('click', () => {
    for (const b of buttons) b.setAttribute('aria-pressed', 'true');
    suite.value = '';
    text.value = '';
    apply();
  });
  suite.addEventListener('change', apply);
  text.addEventListener('input', apply);
  const reveal = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const el = id ? document.getElementById(id) : null;
    if (!el || el.parentElement !== list) return;
    if (el.hidden) {
      for (const b of buttons) if (b.dataset.outcome === el.dataset.o) b.setAttribute('aria-pressed', 'true');
      if (suite.value !== '' && suite.value !== el.dataset.s) suite.value = '';
      text.value = '';
      apply();
    }
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: 'start' });
  };
  bar.hidden = false;
  apply();
  window.addEventListener('hashchange', reveal);
  reveal();
})();`;
