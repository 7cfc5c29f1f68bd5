// Search, with the language's Pagefind bundle (`<lang>/pagefind/`, made by `portal build`).
// Loaded by the page's small loader on the search box's first focus, or at once on the
// search page. The header box is an ARIA 1.2 combobox: as one types, the best results are
// options of a listbox under it; ↓/↑ move through them (focus stays in the box), Enter
// follows the one chosen, Escape closes the list (a second Escape empties the box). The
// search page lists every result as links. Counts, and words no page contains, are said by
// a status region.
//
// No false hits: where a word matches nothing, Pagefind falls back to the longest indexed
// word that begins it ("sedinta" → "se"). So each word of a query is first tried alone,
// and kept only if what it matched shares its start (its first four letters, diacritics
// folded, or the whole word when shorter); a word that matches nothing is tried through
// the language's synonyms (`search_synonyms` in the theme's UI strings), and else named
// under the results. Where nothing matches, the reader gets the closest words the index
// knows and the site's sections.

const BOX_RESULTS = 6;
const PAGE_RESULTS = 20;
const SHARED_START = 4;

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
    this.synonyms = synonyms(form.dataset.synonyms || "");
    this.status = element("p", { className: "search-status", role: "status" });
    this.list = element("ol", { className: "search-results" });
    this.notes = element("div", { className: "search-notes" });
    this.asked = 0;
    this.engine = null;
    this.known = new Map();
  }

  /** Pagefind, loaded once, with results linked by the URLs the index holds. */
  async pagefind() {
    this.engine ||= import(this.text.bundle + "pagefind.js").then(async (pagefind) => {
      await pagefind.options({ baseUrl: "/", excerptLength: 24, excerptEllipsis: "…" });
      pagefind.init();
      return pagefind;
    });
    return this.engine;
  }

  /** The header box: a combobox whose listbox of results opens under it as one types. */
  box() {
    // The status region is never hidden, so that screen readers hear every count; sighted
    // readers see the same words at the top of the panel.
    this.status.className = "visually-hidden";
    this.count = element("p", { className: "search-status", ariaHidden: "true" });
    this.panel = element("div", { className: "search-panel", hidden: true });
    this.list.id = `${this.input.id}-results`;
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", this.text.label);
    this.all = element("a", { className: "search-all" });
    this.all.textContent = this.text.all;
    this.panel.append(this.count, this.list, this.notes, this.all);
    this.form.append(this.status, this.panel);
    Object.entries({
      role: "combobox",
      "aria-autocomplete": "list",
      "aria-expanded": "false",
      "aria-controls": this.list.id,
    }).forEach(([name, value]) => this.input.setAttribute(name, value));
    this.input.addEventListener("input", debounced(() => this.ask(BOX_RESULTS), 120));
    this.form.addEventListener("keydown", (e) => this.key(e));
    // Options take no focus: pressing one must not move focus out of the form (which
    // closes the panel before the click lands). Safari does the same for links and buttons.
    this.panel.addEventListener("mousedown", (e) => e.preventDefault());
    this.list.addEventListener("click", (e) => {
      const option = e.target.closest("[role=option]");
      if (option) location.assign(option.dataset.href);
    });
    this.form.addEventListener("focusout", (e) => {
      if (!this.form.contains(e.relatedTarget)) this.close();
    });
    this.input.addEventListener("focus", () => {
      if (this.input.value.trim()) this.open(true);
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
    this.form.after(this.status, this.list, this.notes, this.more);
    this.input.value = wordsInAddress();
    this.keepInAddress();
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.keepInAddress();
      this.ask(PAGE_RESULTS);
    });
    addEventListener("hashchange", () => {
      this.input.value = wordsInAddress();
      this.keepInAddress();
      this.ask(PAGE_RESULTS);
    });
    this.form.addEventListener("keydown", (e) => this.key(e));
    this.list.addEventListener("keydown", (e) => this.key(e));
    this.input.addEventListener("input", debounced(() => {
      this.keepInAddress();
      this.ask(PAGE_RESULTS);
    }, 200));
    if (this.input.value.trim()) this.ask(PAGE_RESULTS);
  }

  /** Runs the query in the box and shows its first `count` results. */
  async ask(count) {
    const query = this.input.value.trim();
    const asked = ++this.asked;
    const none = { unmatched: [], replaced: [] };
    this.results = [];
    if (!query) {
      this.show([], 0, query, none);
      if (this.more) this.showMore(0);
      return;
    }
    try {
      const pagefind = await this.pagefind();
      const plan = await this.plan(pagefind, query);
      if (asked !== this.asked) return;
      const search = plan.terms.length ? await pagefind.search(plan.terms.join(" ")) : null;
      if (asked !== this.asked) return; // a newer query has been asked since
      this.terms = plan.terms;
      const all = search?.results ?? [];
      const data = await Promise.all(all.slice(0, count).map((r) => r.data()));
      if (asked !== this.asked) return;
      const kept = data.map((d) => this.relevant(d));
      const shown = data.filter((_, i) => kept[i]);
      // What is counted is what is kept: a result dropped here is not announced either.
      this.results = all.filter((_, i) => i >= count || kept[i]);
      this.show(shown, this.results.length, query, plan);
      if (!this.results.length) await this.help(pagefind, plan, asked);
      if (this.more) this.showMore(shown.length);
    } catch {
      if (asked === this.asked) this.failed();
    }
  }

  /** Which words of `query` to search for: each word that matches something itself, or
   *  through its first synonym that does; the others are `unmatched`. */
  async plan(pagefind, query) {
    const plan = { terms: [], unmatched: [], replaced: [] };
    for (const word of query.split(/\s+/).filter(Boolean)) {
      const tries = [word, ...(this.synonyms.get(fold(word)) ?? [])];
      let found = null;
      for (const candidate of tries) {
        if (await this.matches(pagefind, candidate)) {
          found = candidate;
          break;
        }
      }
      if (found === null) plan.unmatched.push(word);
      else {
        plan.terms.push(found);
        if (found !== word) plan.replaced.push([word, found]);
      }
    }
    return plan;
  }

  /** Whether `word` alone finds a page by a word that shares its start (not by Pagefind's
   *  fallback to a shorter word); remembered while the page is open. */
  async matches(pagefind, word) {
    const key = fold(word);
    if (!this.known.has(key)) {
      const verdict = (async () => {
        const search = await pagefind.search(word);
        const first = search?.results?.[0];
        if (!first) return false;
        return matchedWords(await first.data()).some((m) => sharesStart(m, word));
      })();
      // A failed fetch is not a verdict: the next query asks again.
      verdict.catch(() => this.known.delete(key));
      this.known.set(key, verdict);
    }
    return this.known.get(key);
  }

  /** Whether a result matched one of the query's words, as `matches` understands it. */
  relevant(data) {
    const found = matchedWords(data);
    return !found.length || found.some((m) => this.terms.some((t) => sharesStart(m, t)));
  }

  /** Replaces the list with `shown`, says how many results `total` there are, and names
   *  the words no page contains and those searched through a synonym. */
  show(shown, total, query, plan) {
    const box = !!this.panel;
    this.list.replaceChildren(...shown.map((r, i) => (box ? this.option(r, i) : this.item(r))));
    const key = total === 0 ? "none" : this.plural.select(total);
    const phrase = this.text[key] ?? this.text.other;
    const notes = [
      ...plan.replaced.map(([word, used]) => fill(this.text.instead, { w: word, s: used })),
      ...plan.unmatched.map((word) => fill(this.text.unmatched, { w: word })),
    ];
    this.notes.replaceChildren(...notes.map((n) => element("p", { className: "search-note", textContent: n })));
    const said = query ? fill(phrase, { n: total, q: query }) : "";
    // The notes are shown below as paragraphs; the status says them to screen readers only
    // (shown twice, they read as a fault).
    this.status.replaceChildren(said);
    if (notes.length) {
      this.status.append(element("span", { className: "visually-hidden", textContent: ` ${notes.join(" ")}` }));
    }
    if (box) {
      this.count.textContent = said;
      this.all.href = `${this.form.action}#q=${encodeURIComponent(query)}`;
      this.all.hidden = total <= shown.length;
      this.choose(-1);
      this.open(!!query);
    }
  }

  /** Where nothing matched: the closest words the index knows (each a button that searches
   *  it), and the site's sections (from the form's template). */
  async help(pagefind, plan, asked) {
    const template = this.form.querySelector("template.search-help");
    if (!template || !this.input.value.trim()) return;
    const words = [];
    for (const word of plan.unmatched.filter((w) => fold(w).length >= 3)) {
      words.push(...(await this.closest(pagefind, word)));
    }
    if (asked !== this.asked) return;
    const help = template.content.cloneNode(true);
    const suggest = help.querySelector(".search-suggest");
    const unique = [...new Set(words)].slice(0, 6);
    if (suggest && unique.length) {
      suggest.hidden = false;
      suggest.querySelector(".search-words").append(...unique.map((w) => this.suggestion(w)));
    }
    this.notes.append(help);
  }

  /** Words of the index that begin as `word` does (its first three letters). */
  async closest(pagefind, word) {
    const start = fold(word).slice(0, 3);
    const search = await pagefind.search(start);
    const data = await Promise.all((search?.results ?? []).slice(0, 4).map((r) => r.data()));
    return data.flatMap(matchedWords).filter((m) => fold(m).startsWith(start)).map((m) => m.toLowerCase());
  }

  /** A button that searches for `word` instead. */
  suggestion(word) {
    const button = element("button", { type: "button", className: "search-word", textContent: word });
    button.addEventListener("click", () => {
      this.input.value = word;
      this.input.focus();
      if (this.more) this.keepInAddress();
      this.ask(this.panel ? BOX_RESULTS : PAGE_RESULTS);
    });
    return button;
  }

  /** The search page's "More results" button, while some are not shown. */
  showMore(shownCount) {
    this.more.hidden = shownCount >= this.results.length;
    this.more.onclick = async () => {
      const next = this.results.slice(shownCount, shownCount + PAGE_RESULTS);
      const asked = this.asked;
      const loaded = await Promise.all(next.map((r) => r.data()));
      if (asked !== this.asked) return;
      const shown = loaded.filter((d) => this.relevant(d));
      const items = shown.map((r) => this.item(r));
      this.list.append(...items);
      items[0]?.querySelector("a").focus();
      this.showMore(shownCount + loaded.length);
    };
  }

  /** A result's parts: its title (and the section where its words are, if they are in
   *  one), its kind and date, the excerpt with the words found. */
  parts(result, title, tag = "p") {
    const section = sectionOf(result);
    title.textContent = result.meta.title || result.url;
    const heading = element(tag, { className: "search-title" });
    heading.append(title);
    const where = section && element("p", { className: "search-section", textContent: section.title });
    const meta = element("p", { className: "meta" });
    meta.textContent = [this.text[result.meta.kind], result.meta.date].filter(Boolean).join(" · ");
    const excerpt = element("p", { className: "search-excerpt" });
    excerpt.append(...marked((section ?? result).excerpt));
    return [heading, where, meta, excerpt].filter(Boolean);
  }

  /** One result of the search page: a heading (to move from result to result as from
   *  heading to heading) with a link, to the section where its words are. */
  item(result) {
    const li = element("li", { className: "search-result" });
    li.append(...this.parts(result, element("a", { href: sectionOf(result)?.url ?? result.url }), "h2"));
    return li;
  }

  /** One result of the box: an option of the listbox (its children are presentational:
   *  no link inside; choosing it follows its page, or the section where its words are). */
  option(result, i) {
    const li = element("li", { className: "search-result", id: `${this.list.id}-${i}`, role: "option" });
    li.dataset.href = sectionOf(result)?.url ?? result.url;
    li.setAttribute("aria-selected", "false");
    // Named by all its text, the excerpt with the words found included (a name without what
    // is seen in it fails WCAG 2.5.3, label in name).
    li.append(...this.parts(result, element("span", { className: "search-link" })));
    return li;
  }

  /** Opens or closes the box's listbox, and says so on the combobox. */
  open(yes) {
    if (!this.panel) return;
    this.panel.hidden = !yes;
    this.input.setAttribute("aria-expanded", String(yes && this.list.children.length > 0));
    if (!yes) this.choose(-1);
  }

  /** Makes option `i` the active one (-1: none), as `aria-activedescendant` says. */
  choose(i) {
    const options = [...this.list.children];
    options.forEach((o, j) => o.setAttribute("aria-selected", String(j === i)));
    if (i >= 0) {
      this.input.setAttribute("aria-activedescendant", options[i].id);
      options[i].scrollIntoView({ block: "nearest" });
    } else this.input.removeAttribute("aria-activedescendant");
    this.active = i;
  }

  /** The box: ↓/↑ choose an option, Enter follows it, Escape closes the list (then empties
   *  the box). The page: ↓/↑ move between the box and the result links. */
  key(e) {
    if (this.panel) return this.boxKey(e);
    const links = [...this.list.querySelectorAll("a")];
    const at = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!links.length) return;
      e.preventDefault();
      const next = e.key === "ArrowDown" ? Math.min(at + 1, links.length - 1) : at - 1;
      (next < 0 ? this.input : links[next]).focus();
    }
  }

  /** The box's keys, as the combobox pattern has them. */
  boxKey(e) {
    const count = this.list.children.length;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!count) return;
      e.preventDefault();
      this.open(true);
      const at = this.active ?? -1;
      this.choose(e.key === "ArrowDown" ? Math.min(at + 1, count - 1) : Math.max(at - 1, -1));
    } else if (e.key === "Enter" && this.active >= 0 && !this.panel.hidden) {
      e.preventDefault();
      location.assign(this.list.children[this.active].dataset.href);
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (this.panel.hidden) {
        this.input.value = "";
        this.show([], 0, "", { unmatched: [], replaced: [] });
      }
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
    // The other languages' search pages search the same words.
    for (const link of document.querySelectorAll(".switcher a[hreflang]")) {
      const other = new URL(link.href);
      other.hash = url.hash;
      link.href = other.href;
    }
  }

  /** Closes the box's list. */
  close() {
    this.open(false);
  }

  /** Says that search could not be loaded (the index or its script failed to come). */
  failed() {
    this.status.textContent = this.text.failed;
    if (this.panel) {
      this.count.textContent = this.text.failed;
      this.panel.hidden = false;
    }
  }
}

/** `text` with each `{name}` replaced by `values[name]`, once, whatever the values hold
 *  (a query may contain `$&` or `{s}`). */
function fill(text, values) {
  return text.replace(/\{(\w)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** A word without its diacritics and case, and without what is not a letter or digit:
 *  `Ședință,` → `sedinta`. */
function fold(word) {
  return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
}

/** Whether `found` begins as `asked` does: its first four letters, or all of a shorter one. */
function sharesStart(found, asked) {
  const [f, a] = [fold(found), fold(asked)];
  const n = Math.min(SHARED_START, a.length);
  return n > 0 && f.length >= n && f.slice(0, n) === a.slice(0, n);
}

/** The section of a page where the words found weigh most, if that is a section (a
 *  heading with an id: Pagefind's sub-result with an anchor) and not the page's start. */
function sectionOf(result) {
  const weight = (part) => (part.weighted_locations ?? []).reduce((sum, l) => sum + (l.balanced_score ?? 0), 0);
  let best = null;
  for (const part of result.sub_results ?? []) if (!best || weight(part) > weight(best)) best = part;
  return best?.anchor && best.title ? best : null;
}

/** The words of a result that matched: those its excerpt marks, and those at its matched
 *  locations in its text. */
function matchedWords(data) {
  const marks = [...(data.excerpt ?? "").matchAll(/<mark>(.*?)<\/mark>/g)].map((m) => m[1]);
  const words = (data.content ?? "").split(/\s+/);
  const located = (data.locations ?? []).slice(0, 50).map((i) => words[i]).filter(Boolean);
  // A word as the reader would type it: without the punctuation around it in the text.
  const bare = (w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  return [...marks, ...located].map(bare).filter((w) => fold(w));
}

/** `search_synonyms` ("seoul: seul; sedinta: consiliu, reuniune") as folded word → the
 *  words to try instead, in order. */
function synonyms(text) {
  const map = new Map();
  for (const entry of text.split(";")) {
    const [word, alternatives] = entry.split(":");
    if (!word || !alternatives) continue;
    map.set(fold(word), alternatives.split(",").map((a) => a.trim()).filter(Boolean));
  }
  return map;
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
  const { role, ariaHidden, ...rest } = properties;
  if (role) e.setAttribute("role", role);
  if (ariaHidden) e.setAttribute("aria-hidden", ariaHidden);
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
