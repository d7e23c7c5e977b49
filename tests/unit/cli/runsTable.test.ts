/** `cascade runs` on an SQLite database: the table (with its size and pin columns) and `no runs yet`. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliIO } from "../../../src/main/cli/command";
import { main } from "../../../src/main/cli/main";
import { emptyTotals } from "../../../src/main/store/runRows";
import { openStore } from "../../../src/main/store/store";
import { tinyDoc } from "../store/helpers";

const dir = mkdtempSync(join(tmpdir(), "cascade-runs-table-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): CliIO & { lines: string[]; errors: string[] } {
  const io = { lines: [] as string[], errors: [] as string[], isTTY: false, out: (t: string) => void io.lines.push(...t.split("\n")), err: (t: string) => void io.errors.push(t) };
  return io;
}

describe("cascade runs (SQLite)", () => {
  it("lists runs newest first with their totals, accuracy, size, pin and label", async () => {
    const db = join(dir, "runs.db");
    const empty = capture();
    expect(await main(["runs", "--db", db], empty)).toBe(0);
    expect(empty.lines).toEqual(["no runs yet"]);
    const store = openStore(db, { staleRunMs: 1e13 });
    store.runs.create({ doc: tinyDoc("older pipeline"), datasetFingerprint: "", id: "aaaa-0001", startedAt: Date.UTC(2026, 0, 2, 3, 4, 5) });
    store.writer.putResult({ runId: "aaaa-0001", nodeId: "ask", itemId: "i", seq: 0, status: "done", output: { text: "x".repeat(2000) } });
    store.runs.finish("aaaa-0001", { status: "done", totals: { ...emptyTotals(), items: 12, errors: 1, calls: 11, cacheHits: 4 }, metrics: { score: [{ name: "accuracy", value: 0.75, n: 12 }] } });
    store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: "bbbb-0002", label: "newer", startedAt: Date.UTC(2026, 0, 3) });
    store.storage.setPinned("bbbb-0002", true);
    store.close();
    const io = capture();
    expect(await main(["runs", "--db", db], { ...io, out: io.out, err: io.err })).toBe(0);
    expect(io.errors).toEqual([]);
    expect(io.lines[0]).toMatch(/^ID\s+STARTED \(UTC\)\s+STATUS\s+ITEMS\s+ERRORS\s+CALLS\/CACHED\s+ACCURACY\s+SIZE\s+PIN\s+LABEL$/);
    expect(io.lines[1]).toMatch(/^bbbb-0002\s+2026-01-03 00:00:00\s+(running|interrupted)\s+0\s+0\s+0\/0\s+0 B\s+pinned\s+newer$/);
    expect(io.lines[2]).toMatch(/^aaaa-0001\s+2026-01-02 03:04:05\s+done\s+12\s+1\s+11\/4\s+score=0\.750\s+[\d.]+ [kK]?B\s+older pipeline$/);
    expect(io.lines.length).toBe(3);
  });
});
