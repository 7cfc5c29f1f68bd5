// Search, with the language's Pagefind bundle (`<lang>/pagefind/`, made by `portal build`).
// Loaded by the page's small loader on the search box's first focus, or at once on the
// search page. The header box lists the best results under it as one types; the search page
// lists them all. Keyboard: ↓/↑ move through the results, Enter follows one, Escape closes
// the list (and a second Escape empties the box). The count is said by a status region.

const BOX_RESULTS = 6;
const PAGE_RESULTS = 20;

/** Starts searching with the form `form` (`data-search` is "box" or "page"). */
export function start(form) {
  const ui = new Ui(form);
  if (form.dataset.search === "page") ui.page();
  else ui.box();
}

class Ui {
  constructor(form) {
    this.form = form;
    this.input = form.q;
    this.text = form.dataset;
    this.plural = new Intl.PluralRules(form.dataset.lang);
    this.status = element("p", { className: "search-status", role: "status" });
    this.list = element("ol", { className: "search-results" });
    this.asked = 0;
    this.engine = null;
  }

  /** Pagefind, loaded once, with results linked by the URLs the index holds. */
  async pagefind() {
    this.engine ||= import(this.text.bundle + "pagefind.js").then(async (pagefind) => {
      await pagefind.options({ baseUrl: "/", excerptLength: 24 });
      pagefind.init();
      return pagefind;
    });
    return this.engine;
  }

  /** The header box: results in a panel under it, as one types. */
  box() {
    // The status region is never hidden, so that screen readers hear every count; sighted
    // readers see the same words at the top of the panel.
    this.status.className = "visually-hidden";
    this.count = element("p", { className: "search-status" });
    this.panel = element("div", { className: "search-panel", hidden: true });
    this.all = element("a", { className: "search-all" });
    this.all.textContent = this.text.all;
    this.panel.append(this.count, this.list, this.all);
    this.form.append(this.status, this.panel);
    this.input.addEventListener("input", debounced(() => this.ask(BOX_RESULTS), 120));
    this.form.addEventListener("keydown", (e) => this.key(e));
    this.form.addEventListener("focusout", (e) => {
      if (!this.form.contains(e.relatedTarget)) this.close();
    });
    this.input.addEventListener("focus", () => {
      if (this.input.value.trim()) this.panel.hidden = false;
    });
    this.pagefind().catch(() => this.failed());
    if (this.input.value.trim()) this.ask(BOX_RESULTS);
  }

  /** The search page: every result of `#q=`, more on request. The words live in the
   *  address's fragment, which the browser never sends; words that came as `?q=` (from a
   *  browser without JavaScript, or an old link) are moved there at once. */
  page() {
    this.more = element("button", { type: "button", className: "search-more", hidden: true });
    this.more.textContent = this.text.more;
    this.form.after(this.status, this.list, this.more);
    this.input.value = wordsInAddress();
    this.keepInAddress();
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.keepInAddress();
      this.ask(PAGE_RESULTS);
    });
    addEventListener("hashchange", () => {
      this.input.value = wordsInAddress();
      this.ask(PAGE_RESULTS);
    });
    this.input.addEventListener("input", debounced(() => {
      this.keepInAddress();
      this.ask(PAGE_RESULTS);
    }, 200));
    this.form.addEventListener("keydown", (e) => this.key(e));
    this.list.addEventListener("keydown", (e) => this.key(e));
    if (this.input.value.trim()) this.ask(PAGE_RESULTS);
  }

  /** Runs the query in the box and shows its first `count` results. */
  async ask(count) {
    const query = this.input.value.trim();
    const asked = ++this.asked;
    if (!query) {
      this.show([], 0, query);
      return;
    }
    let pagefind;
    try {
      pagefind = await this.pagefind();
    } catch {
      this.failed();
      return;
    }
    const search = await pagefind.search(query);
    if (asked !== this.asked || !search) return; // a newer query has been asked since
    this.results = search.results;
    const shown = await Promise.all(search.results.slice(0, count).map((r) => r.data()));
    if (asked !== this.asked) return;
    this.show(shown, search.results.length, query);
    if (this.more) this.showMore(shown.length);
  }

  /** Replaces the list with `shown` and says how many results `total` there are. */
  show(shown, total, query) {
    this.list.replaceChildren(...shown.map((r) => this.item(r)));
    const key = total === 0 ? "none" : this.plural.select(total);
    const phrase = this.text[key] ?? this.text.other;
    this.status.textContent = query ? phrase.replace("{n}", total).replace("{q}", query) : "";
    if (this.panel) {
      this.count.textContent = this.status.textContent;
      this.panel.hidden = !query;
      this.all.href = `${this.form.action}#q=${encodeURIComponent(query)}`;
      this.all.hidden = total <= shown.length;
    }
  }

  /** The search page's "More results" button, while some are not shown. */
  showMore(shownCount) {
    this.more.hidden = shownCount >= this.results.length;
    this.more.onclick = async () => {
      const next = this.results.slice(shownCount, shownCount + PAGE_RESULTS);
      const asked = this.asked;
      const shown = await Promise.all(next.map((r) => r.data()));
      if (asked !== this.asked) return;
      const items = shown.map((r) => this.item(r));
      this.list.append(...items);
      items[0]?.querySelector("a").focus();
      this.showMore(shownCount + shown.length);
    };
  }

  /** One result: its title as a link, its kind and date, the excerpt with the words found. */
  item(result) {
    const li = element("li", { className: "search-result" });
    const link = element("a", { href: result.url });
    link.textContent = result.meta.title || result.url;
    const heading = element("p", { className: "search-title" });
    heading.append(link);
    const meta = element("p", { className: "meta" });
    meta.textContent = [this.text[result.meta.kind], result.meta.date].filter(Boolean).join(" · ");
    const excerpt = element("p", { className: "search-excerpt" });
    excerpt.append(...marked(result.excerpt));
    li.append(heading, meta, excerpt);
    return li;
  }

  /** Arrows move between the box and the results, Escape closes the list. */
  key(e) {
    const links = [...this.list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!links.length) return;
      e.preventDefault();
      if (this.panel) this.panel.hidden = false;
      const next = e.key === "ArrowDown" ? Math.min(at + 1, links.length - 1) : at - 1;
      (next < 0 ? this.input : links[next]).focus();
    } else if (e.key === "Escape" && this.panel) {
      e.preventDefault();
      if (this.panel.hidden) this.input.value = "";
      this.close();
      this.input.focus();
    }
  }

  /** Writes the box's words into the address's fragment (never its query), in place. */
  keepInAddress() {
    const url = new URL(location.href);
    url.search = "";
    url.hash = this.input.value.trim() ? `q=${encodeURIComponent(this.input.value.trim())}` : "";
    history.replaceState(null, "", url);
  }

  close() {
    if (this.panel) this.panel.hidden = true;
  }

  failed() {
    this.status.textContent = this.text.failed;
    if (this.panel) {
      this.count.textContent = this.text.failed;
      this.panel.hidden = false;
    }
  }
}

/** The words of the address: its fragment's `q`, else (a page reached without JavaScript)
 *  its query's. */
function wordsInAddress() {
  const fragment = new URLSearchParams(location.hash.slice(1)).get("q");
  return fragment ?? new URLSearchParams(location.search).get("q") ?? "";
}

/** An element with properties (and `role` as an attribute). */
function element(name, properties) {
  const e = document.createElement(name);
  const { role, ...rest } = properties;
  if (role) e.setAttribute("role", role);
  return Object.assign(e, rest);
}

/** The nodes of an excerpt: its text, with Pagefind's `<mark>`s kept and nothing else. */
function marked(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  return [...template.content.childNodes].map((node) => {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    }
    return document.createTextNode(node.textContent);
  });
}

/** `f`, called once typing has paused for `ms`. */
function debounced(f, ms) {
  let timer;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(f, ms);
  };
}
