// The theme's scripts as a built site publishes them (without comments and indentation,
// by src/render/script.rs) against their sources: each must parse, with acorn, to the same
// program. Tokens alone would not do: a line end the compactor removed where JavaScript
// inserted a semicolon gives the same tokens and another program.
//
// Usage: node .ci/check-scripts.mjs [BUILT SITE] (default target/site-check, which
// check-site.mjs builds from the shipped site).
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { parse } from "acorn";

const site = process.argv[2] ?? "target/site-check";

// A program without where each part stands (which compaction changes on purpose).
function program(text, sourceType) {
  const tree = parse(text, { ecmaVersion: "latest", sourceType });
  return JSON.stringify(tree, (key, value) => (key === "start" || key === "end" ? undefined : value));
}

function same(source, published) {
  for (const sourceType of ["script", "module"]) {
    let ours;
    try {
      ours = program(source, sourceType);
    } catch {
      continue; // A module's source does not parse as a script: try it as one.
    }
    return ours === program(published, sourceType);
  }
  throw new Error("the source parses neither as a script nor as a module");
}

let checked = 0;
let compacted = 0;
const failures = [];
for (const theme of readdirSync("themes")) {
  const dir = `themes/${theme}/static`;
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".js"))) {
    if (!existsSync(`${site}/${name}`)) continue;
    const source = readFileSync(`${dir}/${name}`, "utf8");
    const published = readFileSync(`${site}/${name}`, "utf8");
    checked += 1;
    if (published !== source) compacted += 1;
    try {
      if (!same(source, published)) failures.push(`${name}: published as another program than its source`);
    } catch (e) {
      failures.push(`${name}: ${e.message}`);
    }
  }
}
console.log(`scripts: ${checked} of the theme's published (${compacted} compacted), ${failures.length} differing from their source`);
for (const f of failures) console.error(`error: ${f}`);
if (checked === 0 || compacted === 0) {
  console.error(`error: no compacted script found in ${site}: is it a built site?`);
  process.exit(1);
}
process.exit(failures.length ? 1 : 0);
