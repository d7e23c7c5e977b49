/**
 * `cascade … | head -1`: the reader closes stdout after its first line. The CLI must end quietly with exit
 * code 0 (as Unix tools do), without Node's EPIPE stack trace on stderr (src/main/cli/processIO.ts). The
 * output is made longer than a pipe holds (64 KiB), so the CLI certainly writes after the reader has gone.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

/** Spawns the CLI; its stdout reader stops after the first line. */
function firstLineOnly(args: string[]): Promise<{ line: string; read: number; code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ["bin/cascade.mjs", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let line: string | null = null;
  child.stdout.on("data", (d) => {
    stdout += d;
    const end = stdout.indexOf("\n");
    if (line === null && end >= 0) {
      line = stdout.slice(0, end);
      child.stdout.destroy(); // as `head -1` does once it has its line
    }
  });
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ line: line ?? "", read: stdout.length, code, stderr })));
}

const file = "templates/cot.json";
const copies = Array.from({ length: 4000 }, () => file); // 4,000 lines of "templates/cot.json: valid" ≈ 100 KiB

describe("a stdout closed by its reader", () => {
  it.each([
    ["validate (a line per file)", ["validate", ...copies], `${file}: valid`],
    ["validate --json (one large write)", ["validate", "--json", ...copies], "["],
  ])("%s: exit 0, no stack trace", async (_what, args, first) => {
    const r = await firstLineOnly(args);
    expect(r.line).toBe(first);
    expect(r.read).toBeLessThan(100_000); // the reader left before the end: the CLI wrote into a closed pipe
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  }, 60_000);
});
