#!/usr/bin/env python3
"""Times portal against Hugo (and Hugo followed by Pagefind's command line, for search) on
the benchmark's generated corpora.

usage: python3 bench/vs_hugo.py [--runs N] [--sizes 1000,10000] [--work DIR]

Needs `hugo` (Debian 12's is v0.111.3: `apt-get install hugo`) and npm (Pagefind's
command line, pinned to the version portal's index is written for, is installed from npm
into target/bench-npm and run as its binary, not through its Node wrapper). Builds portal
with its `dist` profile and uses the corpora of bench/run.py (the same generator, the same
folder). Hugo reads the same Markdown files as they are: it takes `x.en.md` and `x.ro.md`
for translations and `_index` for a section's own text, as portal does. bench/hugo/ holds
its configuration and layouts, which write the pages portal writes: home, lists, the
council, domain and milestone pages with their facts, commitments by domain, the councils
that discussed a domain, official documents, previous and next, breadcrumbs, language
switcher and hreflang; the timeline; a feed per language and sitemaps; the open data as
JSON and the councils' calendar. A link render hook resolves `@/` links and fails on a
missing page, as portal does. Pagefind indexes the same pages portal's index holds (each
item's article, with its kind and year as filters).

Each round, for each size in turn, each of four builds runs from cold (its output folder
and caches removed first; Hugo's own cache folder holds nothing of these layouts) and then
once more with nothing changed, in an order that alternates between rounds: Hugo; portal
without search; Hugo then Pagefind; portal with search. Prints the medians of wall time
and the largest peak RSS.

What is not the same: portal checks more (every link and anchor, translations, the
typography of both languages) and writes more (its Content-Security-Policy, structured
data and Twitter tags on every page, the follow, open data and search pages, the schemas
of its open data). "Again" is not like for like: Hugo keeps no rendered page from one run
to the next and builds everything again; portal sees that nothing changed. Pagefind reads
the pages back from disk, portal indexes them from memory as it builds.
"""
import argparse, os, shutil, statistics, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402  (bench/run.py: the corpora, the timer, the binary)

ROOT = bench.ROOT
PAGEFIND_VERSION = "1.6.0"
NPM = os.path.join(ROOT, "target", "bench-npm")
# The binary itself: `.bin/pagefind` is a Node script that starts it, and Node's start-up is
# not Pagefind's.
PAGEFIND = os.path.join(NPM, "node_modules", "@pagefind", "linux-x64", "bin", "pagefind_extended")


def hugo_site(corpus, work):
    """The corpus as a Hugo site: bench/hugo/ and a copy of its content, with the timeline's
    page (portal writes the timeline itself; Hugo needs a page to hang it on)."""
    site = os.path.join(work, "hugo-" + os.path.basename(corpus))
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "bench", "hugo"), site)
    shutil.copytree(os.path.join(corpus, "content"), os.path.join(site, "content"))
    for lang, title in (("en", "Timeline"), ("ro", "Cronologie")):
        with open(os.path.join(site, "content", f"timeline.{lang}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: {title}\nlayout: timeline\n---\n")
    return site


def cold(*folders):
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    os.sync()


def both(*cmds):
    """Runs each command in turn (the second only after the first): summed wall, largest RSS."""
    wall, kib = 0.0, 0
    for cmd in cmds:
        w, k = bench.timed(cmd)
        wall, kib = wall + w, max(kib, k)
    return wall, kib


def one_round(corpus, site, run):
    hugo_out = os.path.join(site, "public")
    hugo_cache = os.path.join(site, "resources")
    portal_out = os.path.join(corpus, "public")
    portal_cache = os.path.join(corpus, ".portal-cache")
    hugo = ["hugo", "--quiet", "--source", site, "--destination", hugo_out]
    pagefind = [PAGEFIND, "--site", hugo_out, "--quiet"]
    portal = [bench.PORTAL, "-C", corpus, "build"]
    config = os.path.join(corpus, "site.yaml")
    with open(config, encoding="utf-8") as f:
        settings = f.read()

    def portal_build(search):
        with open(config, "w", encoding="utf-8") as f:
            f.write(settings + ("" if search else "\nsearch: false\n"))
        try:
            cold(portal_out, portal_cache)
            first = bench.timed(portal)
            return first, bench.timed(portal)[0]
        finally:
            with open(config, "w", encoding="utf-8") as f:
                f.write(settings)

    def hugo_build(search):
        cold(hugo_out, hugo_cache)
        first = both(hugo, pagefind) if search else bench.timed(hugo)
        return first, (both(hugo, pagefind) if search else bench.timed(hugo))[0]

    tasks = [("hugo", lambda: hugo_build(False)), ("portal", lambda: portal_build(False)),
             ("hugo+pagefind", lambda: hugo_build(True)), ("portal+search", lambda: portal_build(True))]
    if run % 2:
        tasks.reverse()
    return {name: task() for name, task in tasks}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--work", help="where corpora and outputs go (default: bench/run.py's)")
    args = ap.parse_args()
    if args.work:
        bench.WORK = os.path.abspath(args.work)
    os.makedirs(bench.WORK, exist_ok=True)
    if not shutil.which("hugo"):
        sys.exit("needs hugo: apt-get install hugo")
    if not os.path.exists(PAGEFIND):
        bench.sh("npm", "install", "--no-audit", "--no-fund", "--prefix", NPM, f"pagefind@{PAGEFIND_VERSION}")
    bench.sh("cargo", "build", "--profile", "dist", "--quiet", cwd=ROOT)
    hugo_version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
    sizes = [int(s) for s in args.sizes.split(",")]
    corpora = {n: bench.corpus(n) for n in sizes}
    sites = {n: hugo_site(corpora[n], bench.WORK) for n in sizes}
    samples = {n: [] for n in sizes}
    for run in range(args.runs):
        for n in sizes:
            samples[n].append(one_round(corpora[n], sites[n], run))
    print(f"hugo {hugo_version}, pagefind {PAGEFIND_VERSION}, {args.runs} rounds, medians of wall time, largest peak RSS")
    print(f"| {'what':<44} | {'councils':>8} | {'cold':>8} | {'peak RSS':>9} | {'again':>8} |")
    print(f"| {'-' * 44} | {'-' * 7}: | {'-' * 7}: | {'-' * 8}: | {'-' * 7}: |")
    for n in sizes:
        for name in ("hugo", "portal", "hugo+pagefind", "portal+search"):
            runs = [r[name] for r in samples[n]]
            wall = statistics.median(first[0] for first, _ in runs)
            kib = max(first[1] for first, _ in runs)
            again = statistics.median(a for _, a in runs)
            print(f"| {name:<44} | {n:>8} | {wall:>6.2f} s | {kib / 1024:>5.0f} MiB | {again:>6.2f} s |")


if __name__ == "__main__":
    main()
