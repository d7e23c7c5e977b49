import { describe, expect, it } from "vitest";
import { openStore } from "../../../src/main/store/store";
import type { ResultRecord } from "../../../src/main/store/types";
import { tinyDoc } from "./helpers";
import { databaseOf } from "../../../src/main/store/database";

function result(runId: string, nodeId: string, i: number, extra: Partial<ResultRecord> = {}): ResultRecord {
  return { runId, nodeId, itemId: `item-${i}`, seq: i, status: "done", output: { text: `answer ${i}` }, latencyMs: i, inputTokens: 10, outputTokens: 2, ...extra };
}

describe("runsRepo", () => {
  it("creates, finishes, lists and gets a run with per-node counts", () => {
    const store = openStore(":memory:");
    const run = store.runs.create({ doc: tinyDoc(), datasetFingerprint: "abc", label: "first" });
    expect(run.status).toBe("running");
    for (let i = 0; i < 5; i++) store.writer.putResult(result(run.id, "ask", i, i === 3 ? { status: "failed", output: null, error: "boom" } : {}));
    const totals = { items: 5, itemsDone: 4, itemsFailed: 1, calls: 4, cacheHits: 0, inputTokens: 40, outputTokens: 8, costUsd: 0, errors: 1 };
    const finished = store.runs.finish(run.id, { status: "done", totals, metrics: { s: [{ name: "accuracy", value: 0.5, n: 4 }] } });
    expect(finished.status).toBe("done");
    expect(finished.finishedAt).toBeGreaterThan(0);
    const detail = store.runs.get(run.id);
    expect(detail.doc.name).toBe("tiny");
    expect(detail.nodes.ask.done).toBe(4);
    expect(detail.nodes.ask.failed).toBe(1);
    expect(detail.nodes.ask.inputTokens).toBe(50);
    expect(detail.metrics.s[0].value).toBe(0.5);
    expect(store.runs.list().map((r) => r.id)).toEqual([run.id]);
    expect(store.runs.resolveId(run.id.slice(0, 6))).toBe(run.id);
    store.close();
  });

  it("queries results with search, status, sort and paging in SQL", () => {
    const store = openStore(":memory:");
    const { id } = store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
    for (let i = 0; i < 30; i++) store.writer.putResult(result(id, "ask", i, i % 10 === 0 ? { status: "failed", output: null, error: `bad ${i}` } : {}));
    const page = store.runs.results({ runId: id, nodeId: "ask", offset: 5, limit: 10 });
    expect(page.total).toBe(30);
    expect(page.rows.map((r) => r.itemId)).toEqual(Array.from({ length: 10 }, (_, k) => `item-${k + 5}`));
    expect(store.runs.results({ runId: id, nodeId: "ask", status: "failed" }).total).toBe(3);
    expect(store.runs.results({ runId: id, nodeId: "ask", search: "answer 2" }).rows.map((r) => r.itemId)).toEqual(["item-2", "item-21", "item-22", "item-23", "item-24", "item-25", "item-26", "item-27", "item-28", "item-29"]);
    expect(store.runs.results({ runId: id, nodeId: "ask", search: "100%" }).total).toBe(0);
    expect(store.runs.results({ runId: id, nodeId: "ask", sort: "latency", limit: 1 }).rows[0].itemId).toBe("item-29");
    const all = [...store.runs.iterateResults(id, "ask", 7)];
    expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, k) => k));
    expect(store.runs.getResult(id, "ask", "item-4")?.usage).toEqual({ inputTokens: 10, outputTokens: 2 });
    store.close();
  });

  it("rename, delete cascades to results, markInterrupted", () => {
    const store = openStore(":memory:");
    const a = store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
    store.writer.putResult(result(a.id, "ask", 1));
    store.runs.rename(a.id, "renamed");
    expect(store.runs.summary(a.id).label).toBe("renamed");
    expect(store.runs.markInterrupted()).toBe(1);
    expect(store.runs.summary(a.id).status).toBe("interrupted");
    store.runs.delete(a.id);
    expect((databaseOf(store).prepare("SELECT COUNT(*) AS n FROM results").get() as { n: number }).n).toBe(0);
    expect(() => store.runs.get(a.id)).toThrow(/no run/);
    store.close();
  });
});

describe("cacheRepo and the batched writer", () => {
  it("sees buffered rows before they are flushed and writes them within the interval", async () => {
    const store = openStore(":memory:", { writer: { intervalMs: 20 } });
    store.cache.put({ key: "k1", reply: "hello", inputTokens: 3, outputTokens: 1, model: "m", createdAt: 1, latencyMs: 5 });
    expect(store.cache.get("k1")?.reply).toBe("hello");
    expect(store.cache.has("k1")).toBe(true);
    expect((databaseOf(store).prepare("SELECT COUNT(*) AS n FROM call_cache").get() as { n: number }).n).toBe(0);
    await new Promise((r) => setTimeout(r, 60));
    expect((databaseOf(store).prepare("SELECT COUNT(*) AS n FROM call_cache").get() as { n: number }).n).toBe(1);
    expect(store.cache.get("k1")).toMatchObject({ reply: "hello", inputTokens: 3, model: "m" });
    expect(store.cache.has("nope")).toBe(false);
    store.close();
  });

  it("getMany answers buffered and committed rows in one call, across more keys than one query takes", () => {
    const store = openStore(":memory:", { writer: { intervalMs: 10_000, maxRows: 100_000 } });
    for (let i = 0; i < 1200; i++) store.cache.put({ key: `k${i}`, reply: `r${i}`, inputTokens: i, createdAt: 1 });
    store.writer.flush();
    store.cache.put({ key: "buffered", reply: "not yet written", createdAt: 2 });
    const keys = ["buffered", "missing", ...Array.from({ length: 1200 }, (_, i) => `k${i}`)];
    const found = store.cache.getMany(keys);
    expect(found.size).toBe(1201);
    expect(found.has("missing")).toBe(false);
    expect(found.get("buffered")?.reply).toBe("not yet written");
    expect(found.get("k1199")).toEqual({ key: "k1199", reply: "r1199", inputTokens: 1199, outputTokens: undefined, model: undefined, createdAt: 1, latencyMs: undefined });
    store.close();
  });

  it("flushes at once when maxRows are buffered", () => {
    const store = openStore(":memory:", { writer: { intervalMs: 10_000, maxRows: 10 } });
    for (let i = 0; i < 10; i++) store.cache.put({ key: `k${i}`, reply: "r", createdAt: 1 });
    expect((databaseOf(store).prepare("SELECT COUNT(*) AS n FROM call_cache").get() as { n: number }).n).toBe(10);
    store.close();
  });
});

describe("the writer thread (file databases)", () => {
  it("commits batches from a worker; rows stay visible until committed; errors surface on flush", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { ThreadWriter } = await import("../../../src/main/store/threadWriter");
    const dir = mkdtempSync(join(tmpdir(), "cascade-writer-"));
    const store = openStore(join(dir, "w.db"), { writer: { intervalMs: 10_000 } });
    expect(store.writer).toBeInstanceOf(ThreadWriter);
    const run = store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
    for (let i = 0; i < 1200; i++) store.writer.putResult(result(run.id, "ask", i));
    store.cache.put({ key: "k", reply: "r", createdAt: 1 });
    expect(store.cache.get("k")?.reply).toBe("r");
    expect(store.runs.results({ runId: run.id, nodeId: "ask" }).total).toBe(1200);
    expect((databaseOf(store).prepare("SELECT COUNT(*) AS n FROM call_cache").get() as { n: number }).n).toBe(1);
    store.writer.putResult(result("no-such-run", "ask", 1));
    expect(() => store.writer.flush()).toThrow(/writing results to .*w\.db failed: FOREIGN KEY/);
    store.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  it.each([
    ["in this thread", ":memory:"],
    ["in the worker thread", "file"],
  ])("writes a result's trace beside it, and drops the old trace when the row is written again without one (%s)", async (_, where) => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "cascade-trace-"));
    const store = openStore(where === "file" ? join(dir, "t.db") : ":memory:");
    const run = store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
    const traces = () => (databaseOf(store).prepare("SELECT item_id, trace FROM result_traces ORDER BY item_id").all() as { item_id: string; trace: string }[]).map((r) => [r.item_id, JSON.parse(r.trace)]);
    store.writer.putResult(result(run.id, "ask", 1, { trace: { inputs: { question: "q1" } } }));
    store.writer.putResult(result(run.id, "ask", 2, { trace: { inputs: { question: "q2" } } }));
    store.writer.flush();
    expect(traces()).toEqual([["item-1", { inputs: { question: "q1" } }], ["item-2", { inputs: { question: "q2" } }]]);
    store.writer.putResult(result(run.id, "ask", 1, { status: "failed", output: null, error: "boom" }));
    store.writer.putResult(result(run.id, "ask", 2, { trace: { inputs: { question: "again" } } }));
    store.writer.flush();
    expect(traces()).toEqual([["item-2", { inputs: { question: "again" } }]]);
    expect(store.runs.results({ runId: run.id, nodeId: "ask" }).rows.map((r) => r.status)).toEqual(["failed", "done"]);
    store.close();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });
});
