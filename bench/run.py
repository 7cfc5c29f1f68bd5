#!/usr/bin/env python3
"""Benchmarks portal against the floor (bench/floor) on the generated corpora.

usage: python3 bench/run.py [--runs N] [--sizes 1000,10000] [--edits N] [--photos N] [--work DIR]

Builds portal with its `dist` profile and the floor in release mode (both one codegen
unit and thin LTO), generates the corpora with the project's generator
(`cargo run --release --example corpus`, tests/common/corpus.rs) into /dev/shm/portal-bench
(tmpfs) or DIR, then, side by side in one run, times whole processes (wall time,
medians of N rounds; in each the floor and portal alternate and the sizes take turns;
fresh output folder each time) and their peak RSS, and
measures `portal serve`: the time from saving a council's body to the HTTP response that
carries the new text, and the in-process rebuild times that the preview logs; and the
builds of a corpus with photos (the first, which encodes every copy; one with the image
cache; one with nothing changed); and the search index: a full build with and without it
(the index's kept pages removed first; and with them kept), its bytes per page, what a first
and a later query transfer, and in `serve` at 10,000 councils how soon results follow a save. Prints one table with every figure, its target and the
ratio.
"""
import argparse, os, re, shutil, socket, statistics, subprocess, sys, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# tmpfs where there is one: this VM's disk is shared and its speed moves threefold between
# runs, for both programs; `--work target/bench` measures on the disk.
WORK = "/dev/shm/portal-bench" if os.path.isdir("/dev/shm") else os.path.join(ROOT, "target", "bench")
PORTAL = os.path.join(ROOT, "target", "dist", "portal")
FLOOR = os.path.join(ROOT, "target", "floor", "release", "floor")


def sh(*cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd, cwd=None):
    """Wall seconds and peak RSS (KiB) of one process. The wall time is taken here, to the
    microsecond: /usr/bin/time's `%e` has 10 ms steps, an eighth of the floor's time at
    1,000 councils. /usr/bin/time gives the peak RSS."""
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr}")
    return wall, int(out.stderr.strip().splitlines()[-1])


def corpus(n, photos=0):
    # `z`: the corpus whose words follow Zipf over 40,000 a language (session 11); a corpus
    # left by an older generator under another name is never reused for it.
    path = os.path.join(WORK, f"z{n}" + (f"p{photos}" if photos else ""))
    if not os.path.exists(os.path.join(path, "site.yaml")):
        sh("cargo", "run", "--release", "--quiet", "--example", "corpus", "--", "--councils", str(n), "--photos", str(photos), "--out", path, cwd=ROOT)
    shutil.rmtree(os.path.join(path, "themes"), ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "themes"), os.path.join(path, "themes"))
    return path


def build_round(path, run):
    """One fresh build of the floor and of portal (who goes first alternates with `run`),
    then portal again with nothing changed, then after one council's text changed: (floor s,
    portal s, portal KiB, again s, update s, update KiB)."""
    floor_out = os.path.join(path, "floor-out")
    # Both write beside the corpus, on the same file system; who goes first alternates,
    # because the disk is slower right after a large delete.
    shutil.rmtree(floor_out, ignore_errors=True)
    shutil.rmtree(os.path.join(path, "public"), ignore_errors=True)
    # A cold full build: the search index's pages kept by the last build are gone too.
    shutil.rmtree(os.path.join(path, ".portal-cache", "search"), ignore_errors=True)
    os.sync()
    floor_cmd = [FLOOR, os.path.join(path, "content"), floor_out]
    floor = timed(floor_cmd)[0] if run % 2 == 0 else None
    wall, kib = timed([PORTAL, "-C", path, "build"])
    floor = timed(floor_cmd)[0] if floor is None else floor
    again = timed([PORTAL, "-C", path, "build"])[0]
    # An update: one page's text changed, the rest of public/ is reused (linked, not copied)
    # and the whole site is swapped in at once.
    # A council's own page (not the list's `_index`, which the search index does not hold).
    councils = sorted(f for f in os.listdir(os.path.join(path, "content", "councils")) if not f.startswith("_"))
    council = os.path.join(path, "content", "councils", councils[0])
    with open(council, "a", encoding="utf-8") as f:
        f.write(f"\nEdited in round {run}.\n")
    update, update_kib = timed([PORTAL, "-C", path, "build"])
    # A full build into a new folder with the search index's pages kept by the last build.
    shutil.rmtree(os.path.join(path, "public"), ignore_errors=True)
    warm = timed([PORTAL, "-C", path, "build"])[0]
    # The same full build without the search index, to tell what the index costs.
    shutil.rmtree(os.path.join(path, "public"), ignore_errors=True)
    config = os.path.join(path, "site.yaml")
    with open(config, encoding="utf-8") as f:
        settings = f.read()
    with open(config, "a", encoding="utf-8") as f:
        f.write("\nsearch: false\n")
    try:
        unsearched, unsearched_kib = timed([PORTAL, "-C", path, "build"])
        # And the same one-council update without it.
        with open(council, "a", encoding="utf-8") as f:
            f.write(f"\nEdited again in round {run}.\n")
        unsearched_update = timed([PORTAL, "-C", path, "build"])[0]
    finally:
        with open(config, "w", encoding="utf-8") as f:
            f.write(settings)
    return floor, wall, kib, again, update, update_kib, unsearched, unsearched_update, unsearched_kib, warm


def gzipped(file):
    """The bytes a file takes on the wire from GitHub Pages, which gzips text files (Pagefind's
    own files are gzipped already)."""
    import gzip
    with open(file, "rb") as f:
        data = f.read()
    return len(gzip.compress(data, 6)) if file.endswith((".js", ".json", ".html", ".css")) else len(data)


def search_figures(path, lang="en", shown=6):
    """From a built site's English bundle: index bytes per page, and the bytes of a first and
    of a later query as the browser fetches them (the test
    `a_visitor_finds_pages_in_either_language…` logs what it asks): the search script, Pagefind's
    script, worker, entry, WebAssembly and metadata, then the index chunk of the word (the
    largest, to be safe) and the fragments of the `shown` results the box shows."""
    bundle = os.path.join(path, "public", lang, "pagefind")
    files = [os.path.join(d, f) for d, _, fs in os.walk(bundle) for f in fs]
    size = lambda kind: [os.path.getsize(f) for f in files if f.endswith(kind)]
    records = len(size(".pf_fragment"))
    index_bytes = sum(size(".pf_index")) + sum(size(".pf_meta")) + sum(size(".pf_fragment")) + sum(size(".pf_filter"))
    fragments = sorted(size(".pf_fragment"), reverse=True)[:shown]
    later = max(size(".pf_index")) + sum(fragments)
    first_files = ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json", f"wasm.{lang}.pagefind"]
    first = later + sum(size(".pf_meta")) + sum(gzipped(os.path.join(bundle, f)) for f in first_files)
    first += gzipped(os.path.join(path, "public", "search.js"))
    return index_bytes / records, first, later


def image_rounds(n, photos, runs):
    """Builds of a corpus whose first `photos` councils each show a 2400 × 1600 photo (in the
    text and as the card picture): with an empty image cache, with the cache kept and a
    fresh output folder, then with nothing changed; and the floor on the same corpus.
    Medians of `runs` rounds (the first build, which encodes every copy, of at most two)."""
    path = corpus(n, photos)
    first, cached, again, floor = [], [], [], []
    floor_out = os.path.join(path, "floor-out")
    def clear(*names):
        for name in names:
            target = os.path.join(path, name)
            if os.path.isdir(target):
                shutil.rmtree(target)
            elif os.path.exists(target):
                os.remove(target)

    for run in range(runs):
        clear("public", ".portal-build")
        if run < 2:
            clear(".portal-cache")
            first.append(timed([PORTAL, "-C", path, "build"])[0])
            clear("public", ".portal-build")
        cached.append(timed([PORTAL, "-C", path, "build"])[0])
        again.append(timed([PORTAL, "-C", path, "build"])[0])
        shutil.rmtree(floor_out, ignore_errors=True)
        floor.append(timed([FLOOR, os.path.join(path, "content"), floor_out])[0])
    copies = sum(1 for _, _, files in os.walk(os.path.join(path, "public", "media")) for _ in files)
    return [statistics.median(x) for x in (first, cached, again, floor)] + [copies]


def pages_of(path):
    return sum(1 for _, _, files in os.walk(os.path.join(path, "public")) for f in files if f == "index.html")


def content_bytes(path):
    """Bytes of Markdown in the corpus's content/."""
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(os.path.join(path, "content")) for f in files if f.endswith(".md"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def preview(path, edits):
    """Save → response latency of `portal serve`, and the rebuild times it logs."""
    port = free_port()
    proc = subprocess.Popen([PORTAL, "serve", "--port", str(port)], cwd=path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    proc.stdout.readline()
    latencies, logged = [], []
    try:
        for i in range(edits):
            ident = f"c{i * 37 % 1000:05d}"
            file = os.path.join(path, "content", "councils", f"{ident}.en.md")
            marker = f"bench-marker-{time.time_ns()}"
            with open(file, "a", encoding="utf-8") as fh:
                fh.write(f"\n{marker}\n")
            start = time.perf_counter()
            url = f"http://127.0.0.1:{port}/portal/en/councils/{ident}/"
            while marker not in urllib.request.urlopen(url).read().decode():
                pass
            latencies.append(time.perf_counter() - start)
            logged.append(proc.stdout.readline())
            time.sleep(0.3)
        # A structural change (the site's title): the whole site again, as the preview does it.
        site = os.path.join(path, "site.yaml")
        original = open(site, encoding="utf-8").read()
        try:
            with open(site, "w", encoding="utf-8") as fh:
                fh.write(original.replace("en: Synthetic partnership portal", f"en: Synthetic portal {time.time_ns()}"))
            full = proc.stdout.readline()
        finally:
            with open(site, "w", encoding="utf-8") as fh:
                fh.write(original)
    finally:
        proc.terminate()
    ms = lambda line: float(re.search(r"in (\d+) ms", line).group(1))
    return statistics.median(latencies) * 1000, statistics.median(ms(l) for l in logged), ms(full)


def search_follows(path, edits):
    """`portal serve` with search: the save → response latency, and the time from a save to
    an index that has the saved text (its entry file names new metadata), medians of
    `edits` saves of one council each."""
    port = free_port()
    proc = subprocess.Popen([PORTAL, "serve", "--port", str(port)], cwd=path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    proc.stdout.readline()
    base = f"http://127.0.0.1:{port}/portal/en/"

    def entry():
        try:
            return urllib.request.urlopen(base + "pagefind/pagefind-entry.json").read()
        except OSError:
            return None

    responses, indexed = [], []
    try:
        deadline = time.time() + 600
        while entry() is None and time.time() < deadline:
            time.sleep(0.1)
        for i in range(edits):
            ident = f"c{i * 37 % 1000:05d}"
            file = os.path.join(path, "content", "councils", f"{ident}.en.md")
            marker = f"benchmarker{time.time_ns()}"
            before = entry()
            with open(file, "a", encoding="utf-8") as fh:
                fh.write(f"\n{marker}\n")
            start = time.perf_counter()
            while marker not in urllib.request.urlopen(f"{base}councils/{ident}/").read().decode():
                pass
            responses.append(time.perf_counter() - start)
            while entry() == before:
                time.sleep(0.005)
            indexed.append(time.perf_counter() - start)
            time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait()
    return statistics.median(responses) * 1000, statistics.median(indexed)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--edits", type=int, default=21)
    ap.add_argument("--photos", type=int, default=200, help="photos in the image benchmark's corpus of 1000 councils (0: none)")
    ap.add_argument("--work", help="where corpora and outputs go (default /dev/shm/portal-bench, tmpfs; target/bench is on the disk)")
    args = ap.parse_args()
    global WORK
    WORK = os.path.abspath(args.work) if args.work else WORK
    os.makedirs(WORK, exist_ok=True)
    sh("cargo", "build", "--profile", "dist", "--quiet", cwd=ROOT)
    sh("cargo", "build", "--release", "--quiet", "--locked", "--manifest-path", os.path.join(ROOT, "bench", "floor", "Cargo.toml"), "--target-dir", os.path.join(ROOT, "target", "floor"))
    sizes = [int(s) for s in args.sizes.split(",")]
    rows, per_page, floor_per_page, bytes_per_page = [], {}, {}, {}
    paths = {n: corpus(n) for n in sizes}
    # The sizes take turns, round after round, so that a machine that speeds up or slows
    # down during the run (this VM does, by a fifth) weighs on every size alike.
    samples = {n: [] for n in sizes}
    for run in range(args.runs):
        for n in sizes:
            samples[n].append(build_round(paths[n], run))
    for n in sizes:
        path, runs = paths[n], samples[n]
        floor, portal, again, update, unsearched, unsearched_update = (
            statistics.median(r[i] for r in runs) for i in (0, 1, 3, 4, 6, 7)
        )
        unsearched_rss = max(r[8] for r in runs)
        warm = statistics.median(r[9] for r in runs)
        rss, pages = max(max(r[2], r[5]) for r in runs), pages_of(path)
        per_page[n] = portal / pages
        floor_per_page[n] = floor / pages
        bytes_per_page[n] = content_bytes(path) / pages
        rows.append((f"full build, {n} councils ({pages} pages)", f"{portal:.3f} s", f"floor {floor:.3f} s", portal / floor, "≤ 3×"))
        rows.append((f"second build, nothing changed, {n} councils", f"{again:.3f} s", f"floor {floor:.3f} s", again / floor, "≤ 1×"))
        rows.append((f"update, one council's text changed, {n} councils", f"{update:.3f} s", f"floor {floor:.3f} s", update / floor, "≤ 3×"))
        rows.append((f"peak RSS, {n} councils", f"{rss / 1024:.0f} MiB", "600 MiB", rss / 1024 / 600, "≤ 1×"))
        rows.append((f"full build without search, {n} councils", f"{unsearched:.3f} s", f"floor {floor:.3f} s", unsearched / floor, "≤ 3×"))
        rows.append((f"full build with search vs without, {n} councils", f"{portal:.3f} s", f"{unsearched:.3f} s", portal / unsearched, "≤ 1.5×"))
        rows.append((f"full build, search pages kept in .portal-cache, {n} councils", f"{warm:.3f} s", f"{unsearched:.3f} s", warm / unsearched, "(report)"))
        rows.append((f"update with search vs without, {n} councils", f"{update:.3f} s", f"{unsearched_update:.3f} s", update / unsearched_update, "≤ 1.5×" if n >= 10000 else "(report)"))
        rows.append((f"peak RSS without search, {n} councils", f"{unsearched_rss / 1024:.0f} MiB", "", 0, "(report)"))
        sh(PORTAL, "-C", path, "build", stdout=subprocess.DEVNULL)
        per_record, first, later = search_figures(path)
        rows.append((f"search index per page (en), {n} councils", f"{per_record:.0f} B", "", 0, "(report)"))
        rows.append((f"search: first query transfers, {n} councils", f"{first / 1024:.0f} KiB", "150 KiB", first / 1024 / 150, "≤ 1×" if n == 1000 else "(report)"))
        rows.append((f"search: a later query transfers, {n} councils", f"{later / 1024:.0f} KiB", "", 0, "(report)"))
    if len(sizes) > 1:
        a, b = sizes[0], sizes[-1]
        growth = per_page[b] / per_page[a]
        # The floor's own growth tells how much of it is the machine (a disk that slows down
        # under twenty thousand new files) rather than portal.
        floor_growth = floor_per_page[b] / floor_per_page[a]
        rows.append((f"cost per page, {a} → {b} councils", f"{per_page[a] * 1e6:.0f} → {per_page[b] * 1e6:.0f} µs", f"floor ×{floor_growth:.2f}", growth, "≤ 1.10×"))
        # The generated pages are not the same size at both scales (more councils, which
        # are the longest pages): what a per-page cost that is linear in the input would do.
        content_growth = bytes_per_page[b] / bytes_per_page[a]
        rows.append((f"content per page, {a} → {b} councils", f"{bytes_per_page[a]:.0f} → {bytes_per_page[b]:.0f} B", "", content_growth, "(input)"))
    if 1000 in sizes:
        latency, body, full = preview(corpus(1000), args.edits)
        rows.append(("serve: save → response with the new text, 1000 councils", f"{latency:.1f} ms", "50 ms", latency / 50, "≤ 1×"))
        rows.append(("serve: in-process rebuild after a body edit vs full rebuild", f"{body:.0f} ms", f"full {full:.0f} ms", body / max(full, 1), "≤ 0.1×"))
    if 10000 in sizes:
        response, indexed = search_follows(paths[10000], max(5, args.edits // 4))
        rows.append(("serve with search: save → response, 10000 councils", f"{response:.1f} ms", "20 ms", response / 20, "≤ 1×"))
        rows.append(("serve with search: save → results follow, 10000 councils", f"{indexed:.2f} s", "2 s", indexed / 2, "≤ 1×"))
    if args.photos:
        first, cached, again, floor, copies = image_rounds(1000, args.photos, args.runs)
        label = f"1000 councils, {args.photos} photos"
        rows.append((f"first build, {label} ({copies} copies made)", f"{first:.2f} s", f"floor {floor:.3f} s", first / floor, "(report)"))
        rows.append((f"build with the image cache, {label}", f"{cached:.3f} s", f"floor {floor:.3f} s", cached / floor, "(report)"))
        rows.append((f"second build, nothing changed, {label}", f"{again:.3f} s", f"floor {floor:.3f} s", again / floor, "≤ 1×"))
    print(f"\nin {WORK}")
    print(f"{'figure':<62} {'portal':>14} {'reference':>16} {'ratio':>7}  target")
    for name, value, ref, ratio, target in rows:
        print(f"{name:<62} {value:>14} {ref:>16} {ratio:>7.2f}  {target}")


if __name__ == "__main__":
    main()
