/**
 * What the writer must get right for runs that share rows (migration 14): every node a run writes rows of gets
 * its `run_nodes` row, through which the views read them — also for a run id used again after its run was
 * deleted (the writer remembered the run's nodes as written), in memory and on the writer's thread, and after
 * a batch that failed and was rolled back.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { databaseOf } from "../../../src/main/store/database";
import { openStore, type Store } from "../../../src/main/store/store";
import { batchWriter } from "../../../src/main/store/writeBatch";
import { NODES } from "../../fixtures/schema8/generate";
import { run } from "../engine/helpers";
import { cascadeDoc, cascadeProvider } from "./storageFixture";

let store: Store | undefined;
const dirs: string[] = [];
afterEach(() => {
  store?.close();
  store = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

const viewRows = (s: Store, runId: string) => databaseOf(s).prepare("SELECT COUNT(*) FROM results WHERE run_id = ?").pluck().get(runId) as number;
const traced = (s: Store, runId: string) => [...s.traces.forItem(runId, "q1", NODES).keys()].sort();

describe("the writer and the run_nodes rows", () => {
  for (const where of ["memory", "file"] as const) {
    it(`a run id used again after its run was deleted reads all its rows (${where})`, async () => {
      if (where === "file") {
        const dir = mkdtempSync(join(tmpdir(), "cascade-run-nodes-"));
        dirs.push(dir);
        store = openStore(join(dir, "store.db"));
      } else store = openStore(":memory:");
      const provider = cascadeProvider();
      await run(store, cascadeDoc(), provider, { runId: "again" });
      const rows = viewRows(store, "again");
      const nodes = traced(store, "again");
      expect(rows).toBe(6 * 12);
      store.runs.delete("again");
      expect(viewRows(store, "again")).toBe(0);
      await run(store, cascadeDoc("storage cascade", "Solve {{question}} carefully; end with the number alone."), provider, { runId: "again" });
      expect(viewRows(store, "again")).toBe(rows);
      expect(traced(store, "again")).toEqual(nodes);
      expect(store.runs.resultNodes("again")).toEqual([...NODES].sort());
    });
  }

  it("a node's rows after a failed batch, whose run_nodes row was rolled back, are read through the views", () => {
    store = openStore(":memory:");
    const db = databaseOf(store);
    const runId = store.runs.create({ doc: cascadeDoc(), datasetFingerprint: "" }).id;
    const write = batchWriter(db);
    const row = (itemId: string, seq: number, trace: string | null) => [runId, "reason", itemId, seq, "done", `reply ${itemId}`, null, null, 1.5, 10, 3, null, null, trace];
    // The trace is no JSON: the batch fails, and so does the row alone (its run_nodes row rolled back with it).
    expect(write([row("q1", 0, "{not json")], [])).toBeDefined();
    expect(write([row("q2", 1, null)], [])).toBeUndefined();
    expect(db.prepare("SELECT item_id FROM results WHERE run_id = ?").pluck().all(runId)).toEqual(["q2"]);
  });
});
