/**
 * The store contract's suite (src/main/store/contract/runStore.ts): registers the same tests for a backend, given
 * `fresh` — a new, empty store's opener (each call opens one more store on the same data, as another process
 * would). Run by runStoreContract.sqlite.test.ts (a file in a temp folder) and
 * tests/integration/runStoreContract.postgres.test.ts (a real PostgreSQL, a new database per test).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RunStore, RunStoreOptions } from "../../../src/main/store/contract/runStore";
import { contentHash } from "../../../src/main/store/hash";
import { emptyTotals } from "../../../src/main/store/runRows";
import type { StoredTrace } from "../../../src/main/store/traceFormat";
import type { CacheRecord, ResultRecord } from "../../../src/main/store/types";
import type { ResultRow } from "../../../src/shared/contract";
import { tinyDoc } from "./helpers";

/** Opens a store on one backend's data; every call opens another store on the same data. */
export type OpenStore = (opts?: RunStoreOptions) => Promise<RunStore>;

/** Long enough that no run of a test goes stale while it runs, though its start lies decades back. */
const NEVER_STALE: RunStoreOptions = { staleRunMs: 1e13 };

function result(runId: string, nodeId: string, i: number, extra: Partial<ResultRecord> = {}): ResultRecord {
  return { runId, nodeId, itemId: `item-${String(i).padStart(3, "0")}`, seq: i, status: "done", output: { text: `answer ${i}` }, latencyMs: i, inputTokens: 10, outputTokens: 2, ...extra };
}

const ids = (rows: { itemId: string }[]) => rows.map((r) => r.itemId);
const finishedTotals = { ...emptyTotals(), items: 3, itemsDone: 2, itemsFailed: 1, calls: 2, errors: 1, costUsd: 0.25 };

export function runStoreContract(backend: string, fresh: () => Promise<OpenStore>): void {
  describe(`the store contract on ${backend}`, () => {
    const opened: RunStore[] = [];
    /** A new empty store (and, through `again`, more stores on its data); all closed after the test. */
    async function newStore(opts: RunStoreOptions = NEVER_STALE): Promise<{ store: RunStore; again: OpenStore }> {
      const open = await fresh();
      const again: OpenStore = async (o = opts) => {
        const s = await open(o);
        opened.push(s);
        return s;
      };
      return { store: await again(opts), again };
    }
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close();
    });

    describe("runs", () => {
      it("creates a running run with the document's name and hash, and gets it back with its document as written", async () => {
        const { store } = await newStore();
        const doc = tinyDoc("first pipeline");
        const run = await store.runs.create({ doc, datasetFingerprint: "fp-1", label: "a label", id: "run-a", startedAt: 1000 });
        expect(run).toEqual({ id: "run-a", label: "a label", pipelineName: "first pipeline", pipelineHash: contentHash(doc), datasetFingerprint: "fp-1", status: "running", startedAt: 1000, totals: emptyTotals(), metrics: {} });
        const detail = await store.runs.get("run-a");
        expect(JSON.stringify(detail.doc)).toBe(JSON.stringify(doc)); // key order too: the document is kept as text
        expect(detail.nodes).toEqual({});
        expect(await store.runs.has("run-a")).toBe(true);
        expect(await store.runs.has("run-b")).toBe(false);
        const generated = await store.runs.create({ doc, datasetFingerprint: "" });
        expect(generated.id).toMatch(/^[0-9a-z]{1,12}-[0-9a-f]{4}$/);
        expect(generated.startedAt).toBeGreaterThan(Date.now() - 60_000);
      });

      it("refuses a second run under an id that exists", async () => {
        const { store } = await newStore();
        await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: "same" });
        await expect(store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: "same" })).rejects.toThrow('run "same" exists already');
        expect((await store.runs.list()).length).toBe(1);
      });

      it("lists runs newest first, then by id descending, ids compared as bytes", async () => {
        const { store } = await newStore();
        // Bytes: "B-1" < "_-1" < "a-1" < "b-1" (a locale's order would put them a, B, b, _ or so).
        for (const [id, startedAt] of [["a-1", 2000], ["B-1", 2000], ["old", 1000], ["b-1", 2000], ["_-1", 2000], ["new", 3000]] as const) {
          await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id, startedAt });
        }
        expect((await store.runs.list()).map((r) => r.id)).toEqual(["new", "b-1", "a-1", "_-1", "B-1", "old"]);
      });

      it("finishes a run: status, end time, totals and metrics; its node counts are the engine's from then on", async () => {
        const { store } = await newStore();
        const { id } = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", startedAt: 5 });
        await store.results.put([result(id, "ask", 1)]);
        const nodes = { ask: { queued: 0, running: 0, done: 7, cached: 1, failed: 0, skipped: 0, dropped: 0, pending: 0, calls: 7, cacheHits: 1, inputTokens: 70, outputTokens: 14, latencyMsTotal: 12, costUsd: 0.5 } };
        const metrics = { score: [{ name: "accuracy", value: 0.5, n: 2, low: 0.1, high: 0.9 }] };
        const done = await store.runs.finish(id, { status: "done", totals: finishedTotals, metrics, nodes, finishedAt: 4242 });
        expect(done).toMatchObject({ id, status: "done", finishedAt: 4242, totals: finishedTotals, metrics });
        expect((await store.runs.get(id)).nodes).toEqual(nodes);
        expect((await store.runs.list())[0]).toEqual(done);
        for (const status of ["failed", "cancelled", "interrupted"] as const) {
          const other = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
          expect((await store.runs.finish(other.id, { status, totals: emptyTotals(), metrics: {}, error: "why" })).status).toBe(status);
        }
        await expect(store.runs.finish("nope", { status: "done", totals: emptyTotals(), metrics: {} })).rejects.toThrow('no run "nope"');
      });

      it("counts a running run's nodes from its results: statuses, pending, tokens, latency and cost", async () => {
        const { store } = await newStore();
        const { id } = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
        await store.results.put([
          result(id, "ask", 1, { latencyMs: 1.5, costUsd: 0.125 }),
          result(id, "ask", 2, { status: "cached", latencyMs: 2.25, costUsd: 0.25 }),
          result(id, "ask", 3, { status: "failed", output: null, error: "boom", latencyMs: undefined, inputTokens: undefined, outputTokens: undefined }),
          result(id, "review", 1, { status: "pending", output: null, latencyMs: undefined, inputTokens: undefined, outputTokens: undefined }),
        ]);
        const { nodes } = await store.runs.get(id);
        expect(nodes.ask).toMatchObject({ done: 1, cached: 1, failed: 1, calls: 1, cacheHits: 1, inputTokens: 20, outputTokens: 4, latencyMsTotal: 3.75, costUsd: 0.375 });
        expect(nodes.review).toMatchObject({ pending: 1, done: 0, inputTokens: 0, latencyMsTotal: 0 });
      });

      it("sets the dataset fingerprint and renames; an unknown id is said for rename and get, changes nothing for the fingerprint", async () => {
        const { store } = await newStore();
        const { id } = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "before", label: "old" });
        await store.runs.setFingerprint(id, "after");
        await store.runs.rename(id, "new label ✓");
        expect(await store.runs.get(id)).toMatchObject({ datasetFingerprint: "after", label: "new label ✓" });
        await store.runs.setFingerprint("nope", "x");
        await expect(store.runs.rename("nope", "x")).rejects.toThrow('no run "nope"');
        await expect(store.runs.get("nope")).rejects.toThrow('no run "nope"');
      });

      it("resolves an id or a unique prefix; an ambiguous or unknown one is said; % and _ are plain characters", async () => {
        const { store } = await newStore();
        for (const id of ["abc", "abcd", "abx-1", "a_1", "ab1", "x%y"]) await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id });
        expect(await store.runs.resolveId("abc")).toBe("abc"); // exact, though also a prefix of abcd
        expect(await store.runs.resolveId("abcd")).toBe("abcd");
        expect(await store.runs.resolveId("abx")).toBe("abx-1");
        expect(await store.runs.resolveId("a_")).toBe("a_1"); // _ is no wildcard: ab1 does not match
        expect(await store.runs.resolveId("x%")).toBe("x%y");
        await expect(store.runs.resolveId("ab")).rejects.toThrow('run id "ab" is ambiguous');
        await expect(store.runs.resolveId("zz")).rejects.toThrow('no run "zz"');
        await expect(store.runs.resolveId("%")).rejects.toThrow('no run "%"');
      });

      it("deletes a run with its results, and no other run's", async () => {
        const { store } = await newStore();
        const a = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: "a" });
        const b = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: "b" });
        await store.results.put([result(a.id, "ask", 1), result(a.id, "judge", 1), result(b.id, "ask", 1)]);
        await store.runs.delete(a.id);
        expect(await store.runs.has(a.id)).toBe(false);
        expect(await store.results.page({ runId: a.id, nodeId: "ask" })).toEqual({ total: 0, rows: [] });
        expect(await store.results.get(a.id, "ask", "item-001")).toBeUndefined();
        expect(await store.results.nodes(a.id)).toEqual([]);
        expect((await store.results.page({ runId: b.id, nodeId: "ask" })).total).toBe(1);
        await expect(store.runs.delete(a.id)).rejects.toThrow('no run "a"');
        // The id may be used again, and the new run starts with no results.
        await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: "a" });
        expect(await store.results.nodes("a")).toEqual([]);
      });

      it("lists a running run whose heartbeat stopped as interrupted, with its last beat's totals; a beat makes it run again", async () => {
        const { store } = await newStore({ staleRunMs: 60_000 });
        const old = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: "old", startedAt: Date.now() - 3_600_000 });
        expect(old.status).toBe("interrupted"); // started an hour ago, never beat
        const live = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: "live", startedAt: Date.now() - 3_600_000 + 1 });
        expect(live.status).toBe("interrupted");
        await store.runs.beat("live", { totals: { ...emptyTotals(), items: 9 }, metrics: {} });
        expect((await store.runs.get("live")).status).toBe("running");
        const fresh = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: "fresh" });
        expect(fresh.status).toBe("running");
        const listed = new Map((await store.runs.list()).map((r) => [r.id, r]));
        expect(listed.get("old")?.status).toBe("interrupted");
        expect(listed.get("live")).toMatchObject({ status: "running", totals: emptyTotals(), metrics: {} });
        const done = await store.runs.finish("fresh", { status: "done", totals: emptyTotals(), metrics: {} });
        await store.runs.beat("fresh");
        expect((await store.runs.get("fresh")).status).toBe(done.status); // a finished run stays finished
      });

      it("an interrupted run keeps the totals and metrics of its last heartbeat", async () => {
        const { store, again } = await newStore();
        await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: "r" });
        const totals = { ...emptyTotals(), items: 9, itemsDone: 4, calls: 4 };
        const metrics = { score: [{ name: "accuracy", value: 0.75, n: 4 }] };
        await store.runs.beat("r", { totals, metrics });
        await new Promise((r) => setTimeout(r, 30));
        const impatient = await again({ staleRunMs: 10 });
        expect(await impatient.runs.list()).toMatchObject([{ id: "r", status: "interrupted", totals, metrics }]);
        expect((await store.runs.get("r")).status).toBe("interrupted"); // stored, not only shown
      });
    });

    describe("results", () => {
      it("pages a node's results in item order (seq, then item id), at any offset; the total counts every match", async () => {
        const { store } = await newStore();
        const { id } = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
        // Written out of order; two items share seq 7 (ordered by id), another node's rows stay apart.
        const batch = [...Array.from({ length: 30 }, (_, i) => result(id, "ask", 29 - i)), result(id, "ask", 7, { itemId: "item-007b" }), result(id, "other", 1)];
        await store.results.put(batch);
        const all = await store.results.page({ runId: id, nodeId: "ask", limit: 100 });
        expect(all.total).toBe(31);
        const expected = [...Array.from({ length: 8 }, (_, i) => `item-${String(i).padStart(3, "0")}`), "item-007b", ...Array.from({ length: 22 }, (_, i) => `item-${String(i + 8).padStart(3, "0")}`)];
        expect(ids(all.rows)).toEqual(expected);
        const page = await store.results.page({ runId: id, nodeId: "ask", offset: 5, limit: 10 });
        expect(page.total).toBe(31);
        expect(ids(page.rows)).toEqual(expected.slice(5, 15));
        expect(ids((await store.results.page({ runId: id, nodeId: "ask", offset: 25, limit: 10 })).rows)).toEqual(expected.slice(25));
        expect(await store.results.page({ runId: id, nodeId: "ask", offset: 31 })).toEqual({ total: 31, rows: [] });
        expect((await store.results.page({ runId: id, nodeId: "ask" })).rows.length).toBe(31); // default limit 100
        expect(await store.results.page({ runId: id, nodeId: "nope" })).toEqual({ total: 0, rows: [] });
        expect(await store.results.nodes(id)).toEqual(["ask", "other"]);
      });

      it("filters by status and by a search (case-insensitive, % and _ literal) over item ids, outputs and errors", async () => {
        const { store } = await newStore();
        const { id } = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
        await store.results.put([
          ...Array.from({ length: 30 }, (_, i) => result(id, "ask", i, i % 10 === 0 ? { status: "failed", output: null, error: `Bad ${i}` } : {})),
          result(id, "ask", 40, { output: { text: "100% sure_thing" } }),
          result(id, "ask", 41, { output: { text: "1000 surely" } }),
        ]);
        expect((await store.results.page({ runId: id, nodeId: "ask", status: "failed" })).rows.map((r) => r.error)).toEqual(["Bad 0", "Bad 10", "Bad 20"]);
        expect(ids((await store.results.page({ runId: id, nodeId: "ask", search: "ANSWER 2" })).rows)).toEqual(["item-002", ...Array.from({ length: 9 }, (_, k) => `item-0${21 + k}`)]);
        expect(ids((await store.results.page({ runId: id, nodeId: "ask", search: "bad 1" })).rows)).toEqual(["item-010"]);
        expect(ids((await store.results.page({ runId: id, nodeId: "ask", search: "item-04" })).rows)).toEqual(["item-040", "item-041"]);
        expect(ids((await store.results.page({ runId: id, nodeId: "ask", search: "100%" })).rows)).toEqual(["item-040"]);
        expect(ids((await store.results.page({ runId: id, nodeId: "ask", search: "sure_" })).rows)).toEqual(["item-040"]);
        const failedSearch = await store.results.page({ runId: id, nodeId: "ask", status: "failed", search: "2" });
        expect([failedSearch.total, ids(failedSearch.rows)]).toEqual([1, ["item-020"]]);
      });

      it("sorts by latency (slowest first, rows without a latency last) and by status (blocks in item order), across pages", async () => {
        const { store } = await newStore();
        const { id } = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
        const latencies = [5, undefined, 9, 5, 1, undefined, 9.5];
        const statuses = ["done", "failed", "cached", "done", "dropped", "cached", "done"] as const;
        await store.results.put(latencies.map((latencyMs, i) => result(id, "ask", i, { latencyMs, status: statuses[i] })));
        const byLatency = ["item-006", "item-002", "item-000", "item-003", "item-004", "item-001", "item-005"];
        expect(ids((await store.results.page({ runId: id, nodeId: "ask", sort: "latency" })).rows)).toEqual(byLatency);
        expect(ids((await store.results.page({ runId: id, nodeId: "ask", sort: "latency", offset: 4, limit: 2 })).rows)).toEqual(byLatency.slice(4, 6));
        expect(ids((await store.results.page({ runId: id, nodeId: "ask", sort: "latency", offset: 6, limit: 5 })).rows)).toEqual(byLatency.slice(6));
        const byStatus = ["item-002", "item-005", "item-000", "item-003", "item-006", "item-004", "item-001"]; // cached, done, dropped, failed
        expect(ids((await store.results.page({ runId: id, nodeId: "ask", sort: "status" })).rows)).toEqual(byStatus);
        for (const [offset, limit] of [[1, 3], [4, 2], [5, 9]]) {
          expect(ids((await store.results.page({ runId: id, nodeId: "ask", sort: "status", offset, limit })).rows)).toEqual(byStatus.slice(offset, offset + limit));
        }
      });

      it("reads back every field of a result: output, error, drop reason, latency, usage, cache key, and their absence", async () => {
        const { store } = await newStore();
        const { id } = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
        const hexKey = "ab".repeat(32);
        await store.results.put([
          { runId: id, nodeId: "ask", itemId: "full", seq: 0, status: "done", output: { text: "hi", n: 3, list: [1, "two", null], nested: { ok: true } }, cacheKey: hexKey, latencyMs: 12.345678, inputTokens: 11, outputTokens: 0, costUsd: 0.001 },
          { runId: id, nodeId: "ask", itemId: "bare", seq: 1, status: "skipped", output: null },
          { runId: id, nodeId: "ask", itemId: "text-key", seq: 2, status: "cached", output: {}, cacheKey: "not-hex", outputTokens: 5 },
          { runId: id, nodeId: "ask", itemId: "failed", seq: 3, status: "failed", output: null, error: "the model said no" },
          { runId: id, nodeId: "ask", itemId: "dropped", seq: 4, status: "dropped", output: null, dropReason: { code: "message", values: { message: "too short" } } },
        ]);
        const get = (item: string) => store.results.get(id, "ask", item);
        expect(await get("full")).toEqual({ itemId: "full", nodeId: "ask", status: "done", output: { text: "hi", n: 3, list: [1, "two", null], nested: { ok: true } }, cacheKey: hexKey, latencyMs: 12.345678, usage: { inputTokens: 11, outputTokens: 0 } } satisfies ResultRow);
        expect(await get("bare")).toEqual({ itemId: "bare", nodeId: "ask", status: "skipped", output: null });
        expect(await get("text-key")).toEqual({ itemId: "text-key", nodeId: "ask", status: "cached", output: {}, cacheKey: "not-hex", usage: { inputTokens: 0, outputTokens: 5 } });
        expect(await get("failed")).toMatchObject({ status: "failed", error: "the model said no" });
        expect(await get("dropped")).toMatchObject({ status: "dropped", error: "too short" });
        expect(await get("missing")).toBeUndefined();
        expect((await store.results.page({ runId: id, nodeId: "ask", search: "too short" })).total).toBe(1); // drop reasons are searched
        expect((await store.results.page({ runId: id, nodeId: "ask" })).rows[0]).toEqual(await get("full"));
      });

      it("a result written twice keeps the later row, in one batch and across batches", async () => {
        const { store } = await newStore();
        const { id } = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
        await store.results.put([result(id, "ask", 1), result(id, "ask", 2), result(id, "ask", 1, { status: "failed", output: null, error: "second" })]);
        expect(await store.results.get(id, "ask", "item-001")).toEqual({ itemId: "item-001", nodeId: "ask", status: "failed", output: null, error: "second", latencyMs: 1, usage: { inputTokens: 10, outputTokens: 2 } });
        await store.results.put([result(id, "ask", 2, { output: { text: "again" }, latencyMs: undefined, inputTokens: undefined, outputTokens: undefined, seq: 0 })]);
        expect(await store.results.get(id, "ask", "item-002")).toEqual({ itemId: "item-002", nodeId: "ask", status: "done", output: { text: "again" } });
        const page = await store.results.page({ runId: id, nodeId: "ask" });
        expect([page.total, ids(page.rows)]).toEqual([2, ["item-002", "item-001"]]); // its new seq orders it
      });

      it("reads an item's results with their traces as written, at the nodes asked, with the aggregate rows; a row written again without a trace has none", async () => {
        const { store } = await newStore();
        const { id } = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
        const trace: StoredTrace = {
          inputs: { question: "what is 2+2? ✓", image: null },
          messages: [[{ role: "user", content: "what is 2+2?" }], { output: "conversation", length: 2 }],
          calls: [
            { provider: "openai", model: "m", m: 0, params: { temperature: 0 }, cached: true, latencyMs: 12.5, retries: 2, sample: 0, stopReason: "length", usage: { inputTokens: 3, outputTokens: 4 } },
            { provider: "openai", model: "m", m: 1, params: {}, cached: false, latencyMs: 0, retries: 0, sample: 1, reply: "4", cacheKey: "cd".repeat(32) },
          ],
        };
        await store.results.put([
          result(id, "ask", 1, { trace }),
          result(id, "judge", 1, { trace: { inputs: { answer: "4" } } }),
          result(id, "other", 1, { trace: { inputs: {} } }),
          result(id, "ask", 2, { trace: { inputs: { question: "not this item" } } }),
          { runId: id, nodeId: "agg", itemId: "*", seq: 0, status: "done", output: { mean: 0.5 }, trace: { inputs: { n: 2 } } },
          result(id, "plain", 1),
        ]);
        const found = await store.results.forItem(id, "item-001", ["ask", "judge", "agg", "plain", "missing"]);
        expect([...found.keys()].sort()).toEqual(["agg", "ask", "judge", "plain"]);
        expect(found.get("ask")?.get("item-001")).toEqual({ row: await store.results.get(id, "ask", "item-001"), trace });
        expect(found.get("judge")?.get("item-001")?.trace).toEqual({ inputs: { answer: "4" } });
        expect(found.get("agg")?.get("*")).toEqual({ row: { itemId: "*", nodeId: "agg", status: "done", output: { mean: 0.5 } }, trace: { inputs: { n: 2 } } });
        expect(found.get("plain")?.get("item-001")).toEqual({ row: await store.results.get(id, "plain", "item-001") });
        expect([...found.get("ask")!.keys()]).toEqual(["item-001"]);
        await store.results.put([result(id, "ask", 1, { status: "failed", output: null, error: "again" })]);
        expect((await store.results.forItem(id, "item-001", ["ask"])).get("ask")?.get("item-001")).toEqual({ row: await store.results.get(id, "ask", "item-001") });
        expect((await store.results.forItem(id, "item-001", [])).size).toBe(0);
        expect((await store.results.forItem("no-run", "item-001", ["ask"])).size).toBe(0);
      });

      it("reads a node's records back as written (every field, traces, drop reasons), page after page in item order", async () => {
        const { store } = await newStore();
        const { id } = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
        const trace: StoredTrace = {
          inputs: { question: "2+2? ✓" },
          messages: [[{ role: "user", content: "2+2?" }]],
          calls: [{ provider: "openai", model: "m", m: 0, params: {}, cached: false, latencyMs: 3, retries: 0, sample: 0, reply: "4", cacheKey: "cd".repeat(32) }],
        };
        const written: ResultRecord[] = [
          { runId: id, nodeId: "ask", itemId: "b", seq: 0, status: "done", output: { text: "hi", list: [1, null] }, cacheKey: "ab".repeat(32), latencyMs: 12.5, inputTokens: 11, outputTokens: 0, costUsd: 0.001, trace },
          { runId: id, nodeId: "ask", itemId: "a", seq: 0, status: "skipped", output: null },
          { runId: id, nodeId: "ask", itemId: "c", seq: 2, status: "failed", output: null, error: "no" },
          { runId: id, nodeId: "ask", itemId: "d", seq: 3, status: "dropped", output: null, dropReason: { code: "message", values: { message: "too short" } } },
          ...Array.from({ length: 7 }, (_, i) => result(id, "ask", 10 + i)),
          result(id, "other", 1),
        ];
        await store.results.put(written);
        const pages: ResultRecord[][] = [];
        for (let after: { seq: number; itemId: string } | undefined; ; ) {
          const page = await store.results.records({ runId: id, nodeId: "ask", after, limit: 4 });
          if (page.length === 0) break;
          pages.push(page);
          after = { seq: page[page.length - 1].seq, itemId: page[page.length - 1].itemId };
        }
        expect(pages.map((p) => p.length)).toEqual([4, 4, 3]);
        const inOrder = [written[1], written[0], ...written.slice(2, 11)]; // seq, then item id ("a" before "b")
        expect(pages.flat()).toEqual(inOrder);
        expect(await store.results.records({ runId: id, nodeId: "ask", after: { seq: 3, itemId: "d" }, limit: 2 })).toEqual(written.slice(4, 6));
        expect(await store.results.records({ runId: id, nodeId: "missing", limit: 5 })).toEqual([]);
        expect(await store.results.records({ runId: "no-run", nodeId: "ask", limit: 5 })).toEqual([]);
      });

      it("refuses results of a run that does not exist, naming the store", async () => {
        const { store } = await newStore();
        await expect(store.results.put([result("no-such-run", "ask", 1)])).rejects.toThrow(/writing results to .+ failed/);
      });

      it("keeps unicode and large texts exactly: outputs, errors, ids, labels, searches", async () => {
        const { store } = await newStore();
        const label = "Ünïcödé ラベル 🚀 עברית";
        const { id } = await store.runs.create({ doc: tinyDoc("パイプライン ✓"), datasetFingerprint: "", label, id: "ран-1" });
        const text = "e\u0301 ñ 中文 😀👩‍👩‍👧 \u202Eright-to-left\u202C \"quotes\" \\ back\\slash \n\t tab";
        const large = "x".repeat(1_500_000) + "🚀" + "y".repeat(500_000);
        await store.results.put([
          { runId: id, nodeId: "узел", itemId: "条目-1", seq: 0, status: "done", output: { text, large } },
          { runId: id, nodeId: "узел", itemId: "条目-2", seq: 1, status: "failed", output: null, error: `${text} ${large}` },
        ]);
        expect(await store.runs.resolveId("ран")).toBe("ран-1");
        expect((await store.runs.get(id)).label).toBe(label);
        expect((await store.runs.get(id)).pipelineName).toBe("パイプライン ✓");
        expect(await store.results.get(id, "узел", "条目-1")).toMatchObject({ output: { text, large } });
        expect((await store.results.get(id, "узел", "条目-2"))?.error).toBe(`${text} ${large}`);
        expect(ids((await store.results.page({ runId: id, nodeId: "узел", search: "👩‍👩‍👧" })).rows)).toEqual(["条目-1", "条目-2"]);
        expect(ids((await store.results.page({ runId: id, nodeId: "узел", search: "条目-2" })).rows)).toEqual(["条目-2"]);
        expect(await store.results.nodes(id)).toEqual(["узел"]);
      });

      it("writes a batch of 2,000 rows at once, and they are visible to another store when put resolves", async () => {
        const { store, again } = await newStore();
        const other = await again();
        const { id } = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
        await store.results.put(Array.from({ length: 2000 }, (_, i) => result(id, "ask", i)));
        const page = await other.results.page({ runId: id, nodeId: "ask", offset: 1990, limit: 50 });
        expect([page.total, page.rows.length, page.rows[9].itemId]).toEqual([2000, 10, "item-1999"]);
      });
    });

    describe("the call cache", () => {
      it("round-trips every field of a row; absent ones come back absent", async () => {
        const { store, again } = await newStore();
        const full: CacheRecord = { key: "k-full", reply: "a reply ✓ 😀", inputTokens: 1234, outputTokens: 56, model: "gpt-fake", createdAt: 1_733_000_000_123, latencyMs: 812.25 };
        const bare: CacheRecord = { key: "k-bare", reply: "", createdAt: 0 };
        expect(await store.cache.get("k-full")).toBeUndefined();
        await store.cache.put(full);
        await store.cache.put(bare);
        const reader = await again();
        expect(await reader.cache.get("k-full")).toEqual(full);
        const back = await reader.cache.get("k-bare");
        expect(back).toEqual(bare);
        expect([back?.inputTokens, back?.outputTokens, back?.model, back?.latencyMs]).toEqual([undefined, undefined, undefined, undefined]);
        expect(await reader.cache.count()).toBe(2);
      });

      it("getMany answers many keys at once (more than one query takes), misses absent", async () => {
        const { store } = await newStore();
        for (let i = 0; i < 1200; i++) await store.cache.put({ key: `k${i}`, reply: `r${i}`, inputTokens: i, createdAt: i });
        const found = await store.cache.getMany(["missing", ...Array.from({ length: 1200 }, (_, i) => `k${i}`), "k5"]);
        expect(found.size).toBe(1200);
        expect(found.has("missing")).toBe(false);
        expect(found.get("k1199")).toEqual({ key: "k1199", reply: "r1199", inputTokens: 1199, createdAt: 1199 });
        expect((await store.cache.getMany([])).size).toBe(0);
        expect(await store.cache.count()).toBe(1200);
      });

      it("a key written again keeps the later row", async () => {
        const { store } = await newStore();
        await store.cache.put({ key: "k", reply: "first", inputTokens: 1, model: "m1", createdAt: 1 });
        await store.cache.put({ key: "k", reply: "second", outputTokens: 2, createdAt: 2, latencyMs: 3 });
        expect(await store.cache.get("k")).toEqual({ key: "k", reply: "second", outputTokens: 2, createdAt: 2, latencyMs: 3 });
        expect(await store.cache.count()).toBe(1);
        const large = "z".repeat(1_000_000) + "终";
        await store.cache.put({ key: "large", reply: large, createdAt: 3 });
        expect((await store.cache.get("large"))?.reply).toBe(large);
      });
    });

    describe("two stores on the same data", () => {
      it("create runs at the same time: every run is kept once, and both list them all in the same order", async () => {
        const { store, again } = await newStore();
        const other = await again();
        const made = await Promise.all(
          Array.from({ length: 40 }, (_, i) => (i % 2 ? store : other).runs.create({ doc: tinyDoc(), datasetFingerprint: "", id: `r-${String(i).padStart(2, "0")}`, startedAt: 1000 + (i % 5) })),
        );
        expect(new Set(made.map((r) => r.id)).size).toBe(40);
        const listed = (await store.runs.list()).map((r) => r.id);
        expect(listed.length).toBe(40);
        expect((await other.runs.list()).map((r) => r.id)).toEqual(listed);
        const expected = made.map((r) => r).sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1)).map((r) => r.id);
        expect(listed).toEqual(expected);
      });

      it("write one run's results at the same time: every row arrives", async () => {
        const { store, again } = await newStore();
        const other = await again();
        const { id } = await store.runs.create({ doc: tinyDoc(), datasetFingerprint: "" });
        await Promise.all(
          Array.from({ length: 10 }, (_, b) => (b % 2 ? store : other).results.put(Array.from({ length: 50 }, (_, i) => result(id, b % 3 ? "ask" : "judge", b * 50 + i)))),
        );
        const ask = await store.results.page({ runId: id, nodeId: "ask" });
        const judge = await other.results.page({ runId: id, nodeId: "judge" });
        expect(ask.total + judge.total).toBe(500);
        expect(judge.total).toBe(4 * 50); // batches 0, 3, 6, 9
        expect(await other.results.nodes(id)).toEqual(["ask", "judge"]);
      });
    });
  });
}
