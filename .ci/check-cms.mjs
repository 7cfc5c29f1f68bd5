// The content manager, tried as an editor uses it: a copy of the shipped site, built with its
// admin page (static/admin/, written by `portal cms`), served on loopback; Decap CMS from npm
// (the admin page asks unpkg.com for it, and the test answers with npm's file, so the page's
// integrity hash is checked by the browser against npm's), and Decap's local backend
// (decap-server, from npm) over the copy. In Debian's Chromium, driven by playwright-core:
//  - every collection opens and lists the site's pages;
//  - an existing council opens in English and Romanian with its fields filled;
//  - a new council is written in both languages through the forms and saved;
//  - then `portal check` passes on what was written (drafts), the files have the fields
//    `portal new` writes, and no other file of the site was changed by opening or saving;
//  - screenshots of the admin go to target/screenshots/ (one is the README's).
// Usage: node .ci/check-cms.mjs PORTAL_BINARY   (exit 1 on any failure)
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { chromium } from "playwright-core";

const portal = resolve(process.argv[2] ?? "target/release/portal");
const modules = resolve(".ci/node_modules");
const shots = resolve("target/screenshots");
mkdirSync(shots, { recursive: true });
const failures = [];
const expect = (ok, what) => {
  if (!ok) failures.push(what);
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
};

// A copy of the shipped site.
const site = mkdtempSync(join(tmpdir(), "portal-cms-"));
for (const f of ["site.yaml", "content", "themes", "static"]) {
  if (existsSync(f)) cpSync(f, join(site, f), { recursive: true });
}
const run = (args) => spawnSync(portal, args, { cwd: site, encoding: "utf8" });
const fresh = run(["cms", "--check"]);
expect(fresh.status === 0, `the shipped admin (static/admin/) is what \`portal cms\` writes: ${fresh.stderr.trim()}`);

/** Every file of the copy's content/, path → text. */
const contentFiles = () => {
  const files = {};
  (function walk(dir) {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files[p.slice(site.length + 1)] = readFileSync(p, "utf8");
    }
  })(join(site, "content"));
  return files;
};
/** The top-level keys of a file's front matter. */
const keys = (text) => {
  const front = text.split("\n---\n")[0];
  return front.split("\n").map((l) => l.match(/^([a-z_]+):/)?.[1]).filter(Boolean);
};
/** A field of a file's front matter, as written on its line. */
const field = (text, key) => text.match(new RegExp(`^${key}: *"?([^"\\n]*)"?$`, "m"))?.[1];

// The built site, served like GitHub Pages.
const out = join(site, "public");
const types = { ".html": "text/html; charset=utf-8", ".yml": "text/yaml", ".js": "text/javascript", ".css": "text/css" };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = join(out, path.split("/").filter((s) => s && s !== "..").join("/"));
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  const found = existsSync(file);
  res.writeHead(found ? 200 : 404, { "content-type": types[extname(file)] ?? "application/octet-stream" });
  res.end(found ? readFileSync(file) : "");
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;
execFileSync(portal, ["build", "--base-url", base], { cwd: site, stdio: "inherit" });
expect(existsSync(join(out, "admin/index.html")), "the build publishes the admin page at /admin/");

// Decap's local backend over the copy, on the port the configuration names (8081).
const backend = spawn(process.execPath, [join(modules, "decap-server/dist/index.js")], {
  env: { ...process.env, PORT: "8081", MODE: "fs", GIT_REPO_DIRECTORY: site, LOG_LEVEL: "warn" },
  stdio: "inherit",
});
const stop = () => {
  backend.kill();
  server.close();
};
process.on("exit", () => backend.kill());
await new Promise((ok) => setTimeout(ok, 1500));
const before = contentFiles();

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = [];
page.on("pageerror", (e) => errors.push(String(e.message ?? e)));
page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
// unpkg.com serves npm's files as they are: answer from the npm package of the same version.
const asked = [];
await page.route("https://unpkg.com/**", async (route) => {
  const url = new URL(route.request().url());
  asked.push(url.href);
  const [, pkg, version, path] = url.pathname.match(/^\/(@?[^@]+)@([^/]+)\/(.*)$/) ?? [];
  const dir = join(modules, pkg ?? "-");
  const installed = existsSync(join(dir, "package.json")) && JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
  const file = join(dir, path ?? "-");
  if (installed !== version || !existsSync(file)) return route.fulfill({ status: 404, body: "" });
  await route.fulfill({ status: 200, body: readFileSync(file), headers: { "content-type": "text/javascript", "access-control-allow-origin": "*" } });
});
const admin = `${base}admin/`;
await page.goto(admin);
await page.getByRole("button", { name: /login/i }).click({ timeout: 30000 });
await page.waitForSelector("text=Collections", { timeout: 30000 });
expect(asked.some((u) => u.startsWith("https://unpkg.com/decap-cms@")), "the admin page loads Decap CMS from its pinned version, integrity checked");

// Every collection lists the site's pages (by their English titles).
const english = (folder) =>
  readdirSync(join(site, "content", folder))
    .filter((f) => f.endsWith(".en.md") && !f.startsWith("_"))
    .map((f) => field(readFileSync(join(site, "content", folder, f), "utf8"), "title"));
for (const folder of ["councils", "domains", "milestones", "pages"]) {
  await page.goto(`${admin}#/collections/${folder}`);
  const titles = english(folder);
  await page.waitForSelector(`text=${titles[0]}`, { timeout: 20000 }).catch(() => {});
  const text = await page.textContent("body");
  const missing = titles.filter((t) => !text.includes(t));
  expect(missing.length === 0, `the ${folder} collection lists its ${titles.length} pages${missing.length ? `; missing: ${missing.join(", ")}` : ""}`);
  if (folder === "councils") await page.screenshot({ path: join(shots, "admin-councils.png") });
}
await page.goto(`${admin}#/collections/section-texts`);
await page.waitForSelector("text=Home page (English)", { timeout: 20000 }).catch(() => {});
const texts = await page.textContent("body");
expect(["Home page (English)", "Home page (Română)", "Councils (Română)"].every((t) => texts.includes(t)), "the section texts collection lists each language's text");

// An existing council, in both languages.
const visible = (selector, n) => page.locator(`${selector}:visible`).nth(n);
const third = { en: readFileSync(join(site, "content/councils/third.en.md"), "utf8"), ro: readFileSync(join(site, "content/councils/third.ro.md"), "utf8") };
await page.goto(`${admin}#/collections/councils/entries/third`);
await visible('input[id^="title-field"]', 1).waitFor({ timeout: 20000 });
const shown = async (selector, n) => visible(selector, n).inputValue();
expect((await shown('input[id^="title-field"]', 0)) === field(third.en, "title"), "the English title of an existing council is filled in");
expect((await shown('input[id^="title-field"]', 1)) === field(third.ro, "title"), "its Romanian title is filled in beside it");
expect((await shown('input[id^="number-field"]', 0)) === field(third.en, "number"), "its number is filled in");
expect((await shown('input[id^="location-field"]', 0)) === field(third.en, "location"), "its English location is filled in");
expect((await shown('input[id^="location-field"]', 1)) === field(third.ro, "location"), "its Romanian location is filled in");
await page.screenshot({ path: join(shots, "admin-council.png") });

// A new council, written in both languages through the forms (in a page loaded afresh: the
// editor keeps the last entry's fields when only the address's fragment changes).
await page.goto("about:blank");
await page.goto(`${admin}#/collections/councils/new`);
const login = page.getByRole("button", { name: /login/i });
if (await login.isVisible({ timeout: 3000 }).catch(() => false)) await login.click();
await visible('input[id^="title-field"]', 1).waitFor({ timeout: 20000 });
await visible('input[id^="title-field"]', 0).fill("Fifth Digital Partnership Council");
await visible('input[id^="number-field"]', 0).fill("5");
await visible('input[id^="date-field"]', 0).fill("2027");
await visible('input[id^="location-field"]', 0).fill("Brussels");
await visible('input[id^="domains-field"]', 0).click();
await page.keyboard.type("Semicond", { delay: 50 });
await page.getByRole("option", { name: "Semiconductors" }).click({ timeout: 10000 });
await visible('textarea[id^="summary-field"]', 0).fill("The fifth council, announced for 2027.");
await visible('input[id^="title-field"]', 1).fill("Al cincilea Consiliu de parteneriat digital");
await visible('input[id^="location-field"]', 1).fill("Bruxelles");
await visible('textarea[id^="summary-field"]', 1).fill("Al cincilea consiliu, anunțat pentru 2027.");
const bodies = page.locator('[data-slate-editor="true"]');
await bodies.nth(0).click();
await page.keyboard.type("The council is announced.");
await bodies.nth(1).click();
await page.keyboard.type("Consiliul este anunțat.");
await page.getByRole("button", { name: "Publish" }).first().click();
await page.getByText("Publish now").click();
const id = "fifth-digital-partnership-council";
const written = (lang) => join(site, `content/councils/${id}.${lang}.md`);
for (let i = 0; i < 100 && !(existsSync(written("en")) && existsSync(written("ro"))); i++) await page.waitForTimeout(100);
expect(existsSync(written("en")) && existsSync(written("ro")), `saving writes content/councils/${id}.en.md and .ro.md`);
await browser.close();
stop();

// What was written: a draft in each language that portal accepts, shaped as `portal new` writes.
const after = contentFiles();
const changed = Object.keys(before).filter((p) => after[p] !== before[p]);
expect(changed.length === 0, `opening and saving changed no other file${changed.length ? `: ${changed.join(", ")}` : ""}`);
const check = run(["check"]);
expect(check.status === 0, `portal check passes on the files the content manager wrote${check.status ? `:\n${check.stderr}` : ""}`);
const scaffold = run(["new", "council", "sixth"]);
expect(scaffold.status === 0, "portal new writes a council to compare with");
const expected = keys(readFileSync(join(site, "content/councils/sixth.en.md"), "utf8"));
for (const lang of ["en", "ro"]) {
  const text = existsSync(written(lang)) ? readFileSync(written(lang), "utf8") : "";
  const extra = keys(text).filter((k) => !expected.includes(k));
  expect(text.startsWith("---\n") && extra.length === 0, `the ${lang} file has only fields portal new writes${extra.length ? ` (not: ${extra.join(", ")})` : ""}`);
  expect(field(text, "draft") === "true", `the ${lang} file is a draft, as portal new writes it`);
}
expect(errors.length === 0, `no error in the browser${errors.length ? `: ${errors.slice(0, 5).join(" | ")}` : ""}`);
rmSync(site, { recursive: true, force: true });
if (failures.length) {
  console.error(`check-cms: ${failures.length} failure(s)`);
  process.exit(1);
}
console.log("check-cms: the content manager works on the shipped site");
