/** cascade runs (sizes, pin/unpin), cascade gc (dry run, policies, bad input) and cascade db on real runs. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/main/cli/main";
import type { CliIO } from "../../src/main/cli/command";
import { openStore } from "../../src/main/store/store";
import { seedCascadeRuns } from "../unit/store/storageFixture";

function capture(): CliIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, isTTY: false, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

const dir = mkdtempSync(join(tmpdir(), "cascade-cli-gc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

describe("cascade gc, db, runs pin", () => {
  it("pins a run, lists sizes, says what gc would free, frees it, and shows the database by table", async () => {
    const db = join(dir, "cli.db");
    const store = openStore(db);
    const [a1, a2, a3] = await seedCascadeRuns(store);
    store.close();

    const pin = capture();
    expect(await main(["runs", "pin", a1.slice(0, 11), "--db", db], pin)).toBe(0);
    expect(pin.stdout.join("\n")).toBe(`pinned ${a1} (cascade gc keeps it)`);
    const list = capture();
    expect(await main(["runs", "--db", db], list)).toBe(0);
    const lines = list.stdout;
    expect(lines[0]).toMatch(/SIZE {2,}PIN {2,}LABEL/);
    // The cold run's rows and contents are all the warm re-run's too (rowSharing.ts): deleting it frees nothing of
    // them; the third run's reason and check rows and contents are its own.
    expect(lines.find((l) => l.startsWith(a1))).toMatch(/ 0 B +pinned/);
    expect(lines.find((l) => l.startsWith(a3))).toMatch(/ \d+(\.\d)? KB +storage cascade/);
    const json = capture();
    await main(["runs", "--db", db, "--json"], json);
    const listed = JSON.parse(json.stdout.join("")) as { id: string; pinned: boolean; size: { rows: number; own: number; shared: number } }[];
    const warm = listed.find((r) => r.id === a2)!;
    // The warm re-run refers to the cold run's contents: none is its own.
    expect(warm.size.own).toBe(0);
    expect(warm.size.shared).toBeGreaterThan(0);
    expect(listed.find((r) => r.id === a1)!.pinned).toBe(true);

    const dry = capture();
    expect(await main(["gc", "--keep-last", "1", "--dry-run", "--db", db], dry)).toBe(0);
    expect(dry.stdout.join("\n")).toMatch(new RegExp(`^would delete 1 run\\(s\\), keeping 2:\\n  ${a2} `));
    expect(dry.stdout.join("\n")).toMatch(/would free [\d.]+ (B|KB|MB) of [\d.]+ (KB|MB) \(database pages; nothing was changed\)/);
    const real = capture();
    expect(await main(["gc", "--keep-last", "1", "--db", db, "--json"], real)).toBe(0);
    const report = JSON.parse(real.stdout.join(""));
    expect(report.runs.map((r: { id: string }) => r.id)).toEqual([a2]);
    expect(report.runsKept).toBe(2);
    const after = capture();
    await main(["runs", "--db", db, "--json"], after);
    expect(JSON.parse(after.stdout.join("")).map((r: { id: string }) => r.id).sort()).toEqual([a1, a3].sort());

    const size = capture();
    expect(await main(["db", "--db", db], size)).toBe(0);
    const text = size.stdout.join("\n");
    expect(text).toMatch(/^.*cli\.db: [\d.]+ (KB|MB) .* pages of 4096 B/);
    expect(text).toMatch(/\n {2}contents +[\d.]+ KB/);
    expect(text).toMatch(/\n {2}results_items +[\d.]+ KB {2}\(index of result_rows\)/);
    expect(text).toContain(`\n  ${a1}  rows`);

    const unpin = capture();
    expect(await main(["runs", "unpin", a1, "--db", db], unpin)).toBe(0);
    expect(unpin.stdout.join("")).toBe(`unpinned ${a1}`);
  });

  it("refuses bad policies with the option and what it takes", async () => {
    const db = join(dir, "bad.db");
    for (const [args, message] of [
      [["--keep-last", "two"], '--keep-last "two" is not a whole number'],
      [["--newer-than", "yesterday"], '--newer-than "yesterday" is not a date'],
      [["--cache-max-size", "big"], '--cache-max-size "big" is not a size'],
    ] as const) {
      const io = capture();
      expect(await main(["gc", ...args, "--db", db], io)).toBe(2);
      expect(io.stderr.join("\n")).toContain(message);
    }
    const io = capture();
    expect(await main(["runs", "pin", "--db", db], io)).toBe(2);
    expect(io.stderr.join("\n")).toContain("cascade runs pin needs a run id");
  });
});
