/**
 * #12 item 15: every installed package whose `engines.node` excludes the Node 20 the README promises is named
 * in the README's explanation of npm's EBADENGINE warnings (so a new one cannot appear unexplained).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../../..");
const MODULES = join(ROOT, "node_modules");

/** The lowest major version a simple `>=X.Y` / `>= X.Y.Z` / `^X` range allows (null when not simple). */
function minimumMajor(range: string): number | null {
  const m = /^\s*(?:>=|\^)\s*v?(\d+)/.exec(range);
  return m ? Number(m[1]) : null;
}

function packageDirs(): string[] {
  const dirs: string[] = [];
  for (const name of readdirSync(MODULES)) {
    if (name.startsWith(".")) continue;
    if (name.startsWith("@")) for (const sub of readdirSync(join(MODULES, name))) dirs.push(join(name, sub));
    else dirs.push(name);
  }
  return dirs;
}

describe.skipIf(!existsSync(MODULES))("engines", () => {
  it("names in the README each direct package that wants a newer Node than 20", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("EBADENGINE"));
    const wanting: string[] = [];
    for (const dir of packageDirs()) {
      const file = join(MODULES, dir, "package.json");
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; engines?: { node?: string } };
      const min = pkg.engines?.node ? minimumMajor(pkg.engines.node) : null;
      if (min !== null && min > 20) wanting.push(pkg.name ?? dir);
    }
    expect(readme).toContain("EBADENGINE");
    for (const name of wanting) expect(section, `${name} wants Node > 20 and is not explained`).toContain(`\`${name}\``);
    const own = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { engines: { node: string } };
    expect(minimumMajor(own.engines.node)).toBe(20);
  });
});
