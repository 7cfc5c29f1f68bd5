// The header's search box: imports search.js on the box's first focus (or at once on the
// search page), so that a page that never searches downloads nothing more; `/` focuses the
// box from anywhere but a field. Every form that leads to the search page (the header's
// box, the 404 page's forms) opens it with the words after `#` (`search/#q=…`): a fragment
// never leaves the browser, so the words are not sent to the host, as they would be by the
// form's own GET (its path without JavaScript).
for (const link of document.querySelectorAll("form[data-search=box], form[data-search=link]")) {
  link.addEventListener("submit", (e) => {
    e.preventDefault();
    location.assign(`${link.action}#q=${encodeURIComponent(link.q.value.trim())}`);
  });
}

const form = document.querySelector("form[data-search=box], form[data-search=page]");
if (form) {
  let started;
  const start = () => (started ||= import(form.dataset.script).then((m) => m.start(form)));
  if (form.dataset.search === "page") start();
  else {
    form.q.addEventListener("focus", start, { once: true });
    // A touch screen has no `/` key to press: its placeholder does not offer one.
    if (matchMedia("(hover: none)").matches && form.dataset.touch) form.q.placeholder = form.dataset.touch;
  }
  addEventListener("keydown", (e) => {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.target.closest("input, textarea, select, [contenteditable]")) return;
    e.preventDefault();
    form.q.focus();
  });
}
