// The header's search box: imports search.js on the box's first focus (or at once on the
// search page), so that a page that never searches downloads nothing more; `/` focuses the
// box from anywhere but a field.
const form = document.querySelector("form[data-search]");
if (form) {
  let started;
  const start = () => (started ||= import(form.dataset.script).then((m) => m.start(form)));
  if (form.dataset.search === "page") start(); else form.q.addEventListener("focus", start, { once: true });
  addEventListener("keydown", (e) => {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.target.closest("input, textarea, select, [contenteditable]")) return;
    e.preventDefault();
    form.q.focus();
  });
}
