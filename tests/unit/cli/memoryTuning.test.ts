/**
 * V8's heap growth (src/main/memoryTuning.ts) is in effect in the processes that run pipelines. The CLI is run
 * as users run it (bin/cascade.mjs, from the sources: CASCADE_CLI_DIR names no build) with
 * tests/fixtures/heapGrowthProbe.mjs loaded beside it, which, once the command is over, keeps 64 MB live and
 * churns promoted garbage, and reports how far the old space grew: within 2x of the live size with the 1.5x
 * growing factor, past it with V8's own (up to 4x), as a plain `node` with the same probe shows.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const PROBE = "./tests/fixtures/heapGrowthProbe.mjs";

/** The probe's report from `node --import PROBE ...args`. */
function probe(args: string[]): { liveMb: number; maxOldSpaceMb: number } {
  const r = spawnSync(process.execPath, ["--import", PROBE, ...args], { encoding: "utf8", env: { ...process.env, CASCADE_CLI_DIR: "/nonexistent-cli-build" } });
  const line = /heap-growth-probe (\{.*\})/.exec(r.stderr);
  if (!line) throw new Error(`no probe report (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(line[1]) as { liveMb: number; maxOldSpaceMb: number };
}

describe("memory tuning", () => {
  it("a plain node process's old space grows past 2x the live size under the probe (V8's own factor)", () => {
    const r = probe(["-e", ""]);
    expect(r.maxOldSpaceMb).toBeGreaterThan(2 * r.liveMb);
  }, 60_000);

  it("the CLI's old space stays within 2x the live size (1.5x growing factor in effect)", () => {
    const r = probe(["bin/cascade.mjs", "--help"]);
    expect(r.maxOldSpaceMb).toBeLessThanOrEqual(2 * r.liveMb);
  }, 60_000);

  it("the desktop app's main process applies it at the top of its module", () => {
    const source = readFileSync("src/main/electron/main.ts", "utf8");
    expect(source).toMatch(/^import \{ applyMemoryTuning \} from "\.\.\/memoryTuning";$/m);
    const call = source.search(/^applyMemoryTuning\(\);$/m);
    expect(call).toBeGreaterThan(0);
    expect(call).toBeLessThan(source.search(/^const /m)); // before the module's first statement after its imports
  });
});
