/**
 * cascade gc's policies on a database of real runs (storageFixture.ts): what remains (runs, results, traces,
 * contents, cache rows), that the file shrinks after the vacuum, that a dry run changes nothing and reports what
 * the real run then frees, and that kept runs still open, compare and re-run from the cache.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { loadRunForCompare } from "../../../src/main/compare/loadRunForCompare";
import { compareRuns } from "../../../src/shared/compare/compareRuns";
import { databaseOf } from "../../../src/main/store/database";
import { CACHE_ROW_BYTES_SQL } from "../../../src/main/store/gc";
import { openStore, type Store } from "../../../src/main/store/store";
import { run } from "../engine/helpers";
import { cascadeDoc, cascadeProvider, seedCascadeRuns } from "./storageFixture";

const dir = mkdtempSync(join(tmpdir(), "cascade-gc-"));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));
let store: Store | undefined;
afterEach(() => store?.close());

const count = (s: Store, table: string) => databaseOf(s).prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
/** Rows as the runs read them (a run sharing another's rows, rowSharing.ts, reads them as its own); contents, cache rows as stored. */
const state = (s: Store) => Object.fromEntries(["runs", "result_heads", "result_traces", "contents", "content_bases", "call_cache"].map((t) => [t, count(s, t)]));
const rowsOf = (s: Store, runIds: string[]) => runIds.reduce((n, id) => n + (databaseOf(s).prepare("SELECT COUNT(*) FROM result_heads WHERE run_id = ?").pluck().get(id) as number), 0);
const VARIANT = "Solve {{question}} carefully; end with the number alone.";

/** A1 cold, A2 warm, A3 another prompt (pipeline "storage cascade"), then B1 of pipeline "other". */
async function seeded(name: string) {
  store = openStore(join(dir, `${name}.db`));
  const [a1, a2, a3] = await seedCascadeRuns(store);
  const b1 = (await run(store, cascadeDoc("other", "Other: {{question}}"), cascadeProvider())).runId;
  store.writer.flush();
  return { s: store, a1, a2, a3, b1 };
}

/** Kept runs open, compare, and re-run from the cache (no model call). */
async function stillUsable(s: Store, keptIds: string[], reasonOf: (id: string) => string | undefined) {
  for (const id of keptIds) {
    expect(s.runs.get(id).status).toBe("done");
    expect(s.runs.results({ runId: id, nodeId: "check", limit: 100 }).total).toBe(12);
    expect(s.traces.forItem(id, "q1", ["check"]).get("check")?.get("q1")?.trace?.calls).toHaveLength(1);
    const again = await run(s, cascadeDoc(s.runs.get(id).pipelineName, reasonOf(id)), cascadeProvider());
    expect(again.summary.totals.calls).toBe(0);
    s.runs.delete(again.runId);
  }
  const cmp = compareRuns(keptIds.slice(0, 2).map((id) => loadRunForCompare(s, id, "score")));
  expect(cmp.runs).toHaveLength(Math.min(2, keptIds.length));
}

describe("cascade gc", () => {
  it("--keep-last 1: the newest run of each pipeline stays; unreferenced contents and cache rows go; the file shrinks", async () => {
    const { s, a1, a2, a3, b1 } = await seeded("keep-last");
    const before = state(s);
    const dry = s.storage.collect({ keepLast: 1, dryRun: true });
    expect(state(s)).toEqual(before);
    expect(dry.runs.map((r) => r.id)).toEqual([a1, a2]);
    const real = s.storage.collect({ keepLast: 1 });
    expect({ ...real, dryRun: true, fileBytesAfter: 0, fileBytesBefore: 0, vacuum: "none" }).toEqual({ ...dry, fileBytesAfter: 0, fileBytesBefore: 0 });
    expect(s.runs.list().map((r) => r.id).sort()).toEqual([a3, b1].sort());
    expect(real.results).toBe(before.result_heads - rowsOf(s, [a3, b1]));
    expect(state(s).result_heads).toBe(rowsOf(s, [a3, b1]));
    expect(state(s).result_traces).toBe(before.result_traces - real.traces);
    expect(real.contents).toBeGreaterThan(0);
    // A base (migration 12) counts as a stored content; A1's bases go with its contents, A3's and B1's stay.
    expect(state(s).content_bases).toBeLessThan(before.content_bases);
    expect(state(s).content_bases).toBeGreaterThan(0);
    expect(state(s).contents + state(s).content_bases).toBe(before.contents + before.content_bases - real.contents);
    // A1's reason and check calls (12 items each) are referenced by no kept run; its vote calls are A3's too.
    expect(real.cacheRows).toBe(24);
    expect(state(s).call_cache).toBe(before.call_cache - 24);
    expect(real.vacuum).toBe("incremental");
    expect(real.freedBytes).toBeGreaterThan(0);
    expect(databaseOf(s).pragma("freelist_count", { simple: true })).toBe(0);
    expect(real.fileBytesAfter).toBe(statSync(s.path).size + (statSync(`${s.path}-wal`, { throwIfNoEntry: false })?.size ?? 0));
    expect(real.fileBytesAfter).toBeLessThan(real.fileBytesBefore);
    await stillUsable(s, [a3, b1], (id) => (id === a3 ? VARIANT : "Other: {{question}}"));
    // A1's document now calls the model again for what was dropped, and only that.
    expect((await run(s, cascadeDoc(), cascadeProvider())).summary.totals.calls).toBe(24);
  });

  it("--keep-last counts a run's repeats as one: kept or deleted together", async () => {
    const { s, a3, b1 } = await seeded("repeats");
    const group = await run(s, cascadeDoc("storage cascade", VARIANT), cascadeProvider(), { repeats: 3 });
    s.writer.flush();
    const members = s.runs.list().filter((r) => r.repeat?.group === group.runId).map((r) => r.id);
    expect(members).toHaveLength(3);
    // Newest unit of "storage cascade": the 3 repeats; then A3. --keep-last 2 keeps both whole.
    expect(s.storage.collect({ keepLast: 2, dryRun: true }).runs.map((r) => r.id).sort()).toEqual(s.runs.list().map((r) => r.id).filter((id) => ![...members, a3, b1].includes(id)).sort());
    s.storage.collect({ keepLast: 1 });
    expect(s.runs.list().map((r) => r.id).sort()).toEqual([...members, b1].sort());
    for (const r of s.runs.list()) if (r.id !== b1) expect([...(r.repeat?.stats?.runIds ?? [])].sort()).toEqual([...members].sort());
  });

  it("--newer-than with a pinned run: the pinned and the newer runs stay; a warm re-run's deletion frees no shared content", async () => {
    const { s, a1, a2, a3, b1 } = await seeded("newer-than");
    s.storage.setPinned(a1, true);
    expect(s.storage.pinnedRunIds()).toEqual(new Set([a1]));
    const before = state(s);
    const report = s.storage.collect({ newerThan: s.runs.get(a3).startedAt });
    expect(report.runs.map((r) => r.id)).toEqual([a2]);
    expect(s.runs.list().map((r) => r.id).sort()).toEqual([a1, a3, b1].sort());
    // A2 was a warm re-run of A1: its outputs and trace contents are A1's, its calls A1's cache rows.
    expect(report.contents).toBe(0);
    expect(report.cacheRows).toBe(0);
    expect(state(s)).toEqual({ ...before, runs: 3, result_heads: before.result_heads - report.results, result_traces: before.result_traces - report.traces });
    await stillUsable(s, [a1, a3], (id) => (id === a3 ? VARIANT : undefined));
    expect(() => s.storage.setPinned("no-such-run", true)).toThrow(/no run no-such-run/);
  });

  it("--cache-older-than and --cache-max-size drop only unreferenced cache rows, oldest first", async () => {
    const { s, a1, a3, b1 } = await seeded("cache");
    s.runs.delete(b1); // its reason and check calls (24) are now unreferenced; its vote calls are also A1's and A3's
    const before = state(s);
    expect(s.storage.collect({ cacheOlderThan: 0 }).cacheRows).toBe(0);
    const total = () => databaseOf(s).prepare(`SELECT SUM(${CACHE_ROW_BYTES_SQL}) FROM call_cache`).pluck().get() as number;
    const full = total();
    const limit = full - 1;
    const bySize = s.storage.collect({ cacheMaxBytes: limit });
    expect(bySize.cacheRows).toBe(1); // one row (the oldest unreferenced) brings it under
    expect(total()).toBeLessThanOrEqual(limit);
    const rest = s.storage.collect({ cacheOlderThan: Date.now() + 1 });
    expect(bySize.cacheRows + rest.cacheRows).toBe(24); // B1's reason and check calls; its vote calls are A's
    expect(state(s).call_cache).toBe(before.call_cache - 24);
    expect(state(s).runs).toBe(before.runs);
    await stillUsable(s, [a1, a3], (id) => (id === a3 ? VARIANT : undefined));
  });

  it("switches a database made before auto_vacuum with one VACUUM, then vacuums incrementally", () => {
    const path = join(dir, "schema8.db");
    copyFileSync(join(import.meta.dirname, "../../fixtures/schema8/runs.db"), path);
    store = openStore(path);
    expect(databaseOf(store).pragma("auto_vacuum", { simple: true })).toBe(0);
    const runs = store.runs.list().length;
    expect(store.storage.collect({ keepLast: 1 }).vacuum).toBe("full");
    expect(databaseOf(store).pragma("auto_vacuum", { simple: true })).toBe(2);
    expect(store.runs.list()).toHaveLength(1);
    expect(runs).toBe(3);
    expect(store.storage.collect({}).vacuum).toBe("incremental");
  });
});
