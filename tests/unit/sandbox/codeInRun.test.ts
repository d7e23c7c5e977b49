/**
 * A code node inside an engine run: an item whose code loops forever, or allocates without bound, fails with a
 * clear error naming the node and the limit, its downstream is skipped, and the other items run to the end.
 */
import { afterAll, describe, expect, it } from "vitest";
import { startRun } from "../../../src/main/engine/startRun";
import { closeSharedSandboxPool } from "../../../src/main/sandbox/runCode";
import { openStore } from "../../../src/main/store/store";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";

afterAll(() => closeSharedSandboxPool());

const SOURCE = `({ mode }) => {
  if (mode === "loop") for (;;) {}
  if (mode === "alloc") { const a = []; for (;;) a.push(new Array(1000000).fill(a.length)); }
  return { out: mode + "!" };
}`;

function doc(): PipelineDoc {
  const pos = { x: 0, y: 0 };
  const rows = [
    { id: "ok1", mode: "fine" },
    { id: "loop", mode: "loop" },
    { id: "ok2", mode: "also fine" },
    { id: "alloc", mode: "alloc" },
    { id: "ok3", mode: "still fine" },
  ];
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "runaway code",
    models: {},
    nodes: [
      { id: "data", kind: "dataset", position: pos, config: { source: { type: "inline", rows }, columns: [{ name: "mode", type: "text" }], idColumn: "id" } },
      { id: "code", kind: "code", position: pos, config: { inputs: ["mode"], outputs: ["out"], source: SOURCE, timeoutMs: 500, memoryMb: 48 } },
      { id: "keep", kind: "filter", position: pos, config: { condition: "len(out) > 0", inputs: ["out"] } },
    ],
    edges: [
      { id: "code_mode", source: "data", sourcePort: "mode", target: "code", targetPort: "mode" },
      { id: "keep_out", source: "code", sourcePort: "out", target: "keep", targetPort: "out" },
    ],
  };
}

describe("code node limits in a run", () => {
  it("stops the endless loop and the allocation bomb with clear errors; the run goes on", async () => {
    const store = openStore(":memory:");
    try {
      const t0 = Date.now();
      const handle = startRun({ doc: doc(), baseDir: process.cwd(), store, concurrency: 2 });
      const summary = await handle.done;
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(summary.status).toBe("done");
      expect(summary.totals).toMatchObject({ items: 5, itemsDone: 5, itemsFailed: 2, errors: 2 });
      const code = new Map(store.runs.results({ runId: handle.runId, nodeId: "code", limit: 10 }).rows.map((r) => [r.itemId, r]));
      expect(code.get("loop")).toMatchObject({ status: "failed", error: "code node code: stopped after 500 ms (time limit)" });
      expect(code.get("alloc")).toMatchObject({ status: "failed", error: "code node code: stopped: memory limit 48 MB exceeded" });
      for (const id of ["ok1", "ok2", "ok3"]) expect(code.get(id)!.status).toBe("done");
      const keep = new Map(store.runs.results({ runId: handle.runId, nodeId: "keep", limit: 10 }).rows.map((r) => [r.itemId, r]));
      expect(keep.get("loop")).toMatchObject({ status: "skipped", error: "upstream failed: code" });
      expect(keep.get("alloc")).toMatchObject({ status: "skipped", error: "upstream failed: code" });
      expect(keep.get("ok3")).toMatchObject({ status: "done", output: { out: "still fine!" } });
    } finally {
      store.close();
    }
  }, 30_000);
});
