// Builds the shipped site for a local address, then checks every generated page:
//  - the Nu HTML Checker (npm vnu-jar, run with Java) on every HTML page and the stylesheet;
//  - axe-core (WCAG 2.1 A and AA) in Debian's Chromium, driven by playwright-core, on every
//    page, in light and in dark colour schemes, at 390 and 1280 px;
//  - the same, with the search box's results open, on the search page with results, and on
//    a page whose switcher says it is not translated yet, at 390 and 1280 px, light and dark;
//  - screenshots of every kind of page (home, council, list, domain, milestone, free page,
//    timeline, open data, follow, root, 404, accessibility statement), light and dark, at
//    390 and 1280 px, and of search, into target/screenshots/, for a person to look at.
// Usage: node .ci/check-site.mjs PORTAL_BINARY   (exit 1 on any error or violation)
import { execFileSync, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, existsSync, statSync, mkdirSync, readdirSync, cpSync, rmSync, mkdtempSync } from "node:fs";
import { join, extname, resolve } from "node:path";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const portal = process.argv[2] ?? "target/release/portal";
const out = "target/site-check";
// The shipped site with one page left untranslated (no shipped page is), under /variant/:
// its switcher's "not translated yet", as the theme writes it.
const variantOut = resolve("target/site-check-variant");
const shots = "target/screenshots";
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".xml": "application/xml", ".txt": "text/plain", ".js": "text/javascript", ".json": "application/json" };

// Serve out/ like GitHub Pages: folders answer index.html, missing paths 404.html.
const server = createServer((req, res) => {
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  } catch {
    res.writeHead(400).end(); // A malformed escape: GitHub Pages answers 400 too.
    return;
  }
  let root = out;
  if (path.startsWith("/variant/")) [root, path] = [variantOut, path.slice("/variant".length)];
  let file = join(root, path.split("/").filter((s) => s && s !== "..").join("/"));
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  const found = existsSync(file);
  res.writeHead(found ? 200 : 404, { "content-type": types[extname(found ? file : "404.html")] ?? "application/octet-stream" });
  res.end(readFileSync(found ? file : join(root, "404.html")));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;
execFileSync(portal, ["build", "--base-url", base, "--output", out], { stdio: "inherit" });
{
  const copy = mkdtempSync(join(tmpdir(), "portal-variant-"));
  try {
    // Every source a site may have beside its content (those that exist).
    for (const part of ["site.yaml", "content", "themes", "static", "templates", "i18n"].filter(existsSync)) {
      cpSync(part, join(copy, part), { recursive: true });
    }
    rmSync(join(copy, "content/pages/about.ro.md"));
    rmSync(variantOut, { recursive: true, force: true });
    execFileSync(resolve(portal), ["-C", copy, "build", "--base-url", `${base}variant/`, "--output", variantOut], { stdio: "inherit" });
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

const pages = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name.endsWith(".html")) pages.push(p.slice(out.length + 1));
  }
})(out);
// The editors' page (admin/, the content manager) is not a page for readers, as the
// accessibility statement says: .ci/check-cms.mjs tries it instead.
pages.splice(0, pages.length, ...pages.filter((p) => !p.startsWith("admin/")));
pages.sort();

// 1. Nu HTML Checker.
const vnu = require.resolve("vnu-jar/build/dist/vnu.jar");
const files = [...pages.map((p) => join(out, p)), ...readdirSync(out).filter((f) => f.endsWith(".css")).map((f) => join(out, f))];
// vnu writes its JSON report to stderr.
const run = spawnSync("java", ["-jar", vnu, "--format", "json", "--also-check-css", "--exit-zero-always", ...files], { encoding: "utf8", maxBuffer: 64 << 20 });
if (run.status !== 0 || !run.stderr.trim().startsWith("{")) {
  console.log(`vnu did not run: ${run.error ?? run.stderr}`);
  process.exit(1);
}
const messages = JSON.parse(run.stderr).messages;
const htmlErrors = messages.filter((m) => m.type === "error" || m.subType === "fatal");
for (const m of htmlErrors) console.log(`vnu: ${m.url.replace(/^file:.*?site-check\//, "")}:${m.lastLine ?? "?"}: ${m.message}`);
console.log(`vnu: ${files.length} files (${pages.length} pages and the stylesheets) checked, ${htmlErrors.length} error(s), ${messages.length - htmlErrors.length} warning(s)/info`);

// 2. axe-core in Chromium, and screenshots.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
});
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
let violations = 0;
// axe is injected as an inline script, which the pages' Content-Security-Policy forbids:
// these contexts bypass it (search under the policy is tested in `tests/search.rs`).
const bypassCSP = true;
for (const scheme of ["light", "dark"]) {
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 }, bypassCSP });
    const page = await context.newPage();
    for (const p of pages) {
      const url = base + p.replace(/index\.html$/, "");
      await page.goto(url);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
      for (const v of result.violations) {
        violations++;
        console.log(`axe (${scheme}, ${width} px): /${p}: ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
      }
    }
    await context.close();
  }
}
console.log(`axe: ${pages.length} pages × light and dark × 390 and 1280 px, ${violations} violation(s)`);

// Search: what only shows once a visitor types. The box's results open over the page, and
// the search page lists every result.
const axeRun = async (page, label) => {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  for (const v of result.violations) {
    violations++;
    console.log(`axe (${label}): ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  }
};
mkdirSync(shots, { recursive: true });
let searchChecks = 0;
for (const scheme of ["light", "dark"]) {
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 }, bypassCSP });
    const page = await context.newPage();
    await page.goto(base + "en/councils/");
    await page.locator(".site-header input[type=search]").pressSequentially("council", { delay: 20 });
    await page.waitForSelector(".search-panel:not([hidden]) .search-results li", { timeout: 15000 });
    await axeRun(page, `search box, ${scheme}, ${width} px`);
    await page.screenshot({ path: join(shots, `search-box-${scheme}-${width}.png`) });
    await page.goto(base + "ro/cautare/#q=stiinta%20materialelor");
    await page.waitForSelector(".search-results li", { timeout: 15000 });
    await axeRun(page, `search page, ${scheme}, ${width} px`);
    await page.screenshot({ path: join(shots, `search-page-${scheme}-${width}.png`), fullPage: true });
    searchChecks += 2;
    await page.goto(base + "variant/en/about/");
    if ((await page.locator(".switcher .untranslated a").count()) !== 1) {
      console.log("the variant's about page shows no untranslated switcher");
      process.exit(1);
    }
    await axeRun(page, `switcher of an untranslated page, ${scheme}, ${width} px`);
    searchChecks += 1;
    await context.close();
  }
}
console.log(`axe: ${searchChecks} more views (search box, search page, an untranslated page's switcher × light and dark × 390 and 1280 px); ${violations} violation(s) in all`);

mkdirSync(shots, { recursive: true });
// Every kind of page, in both schemes and at both widths, for a person to look at.
const targets = {
  home: "en/", council: "en/councils/third/", councils: "ro/consilii/", domain: "ro/domenii/inteligenta-artificiala/",
  milestone: "en/milestones/partnership-signed/", page: "ro/despre/", timeline: "en/timeline/", data: "ro/date-deschise/",
  follow: "ro/urmariti/", root: "", "not-found": "ro/no/such/page/", accessibility: "ro/accesibilitate/",
};
for (const scheme of ["light", "dark"]) {
  for (const width of [390, 1280]) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
    const page = await context.newPage();
    for (const [name, path] of Object.entries(targets)) {
      await page.goto(base + path);
      await page.screenshot({ path: join(shots, `${name}-${scheme}-${width}.png`), fullPage: true });
    }
    await context.close();
  }
}
console.log(`screenshots: ${shots}/{${Object.keys(targets).join(",")}}-{light,dark}-{390,1280}.png`);
await browser.close();
server.close();
process.exit(htmlErrors.length === 0 && violations === 0 ? 0 : 1);
