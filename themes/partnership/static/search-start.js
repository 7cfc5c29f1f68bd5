// The header's search box: imports search.js on the box's first focus (or at once on the
// search page), so that a page that never searches downloads nothing more. (No key of one
// character focuses it: WCAG 2.1.4 asks that such a shortcut can be turned off, and a
// reader who speaks to the browser, or uses its own `/` to find, would lose their place.)
// Every form that leads to the search page (the header's
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
  else form.q.addEventListener("focus", start, { once: true });
}
