/**
 * Endpoint pools (#19): a model with replicas. Against one dead replica (every connection reset), one slow and
 * one fast, a run completes with no item lost and most calls on the healthy replicas, the dead one drained
 * after its first failures; the cache key is the pool's first URL, so a re-run (or the same model without
 * replicas) makes no call. A pool whose replicas all fail fails its items with a message saying so; the
 * pre-flight passes a pool while one replica answers.
 */
import { afterEach, describe, expect, it } from "vitest";
import { checkRunModels } from "../../src/main/engine/modelCheck";
import { startRun } from "../../src/main/engine/startRun";
import { openStore, type Store } from "../../src/main/store/store";
import type { RunEvent } from "../../src/shared/events";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { parsePipeline } from "../../src/shared/pipeline/validate";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { chatRequests, tempDir } from "./helpers";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const ITEMS = 60;
const open: FakeServer[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  for (const f of open.splice(0)) await f.close();
});

function onePrompt(dir: string, baseUrl: string, replicas?: string[]): PipelineDoc {
  writeFileSync(join(dir, "data.jsonl"), Array.from({ length: ITEMS }, (_, i) => JSON.stringify({ id: `q${i}`, question: `what is ${i} times 3?` })).join("\n") + "\n");
  const pos = { x: 0, y: 0 };
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "pool",
    models: { m: { provider: "openai", model: "fake-model", baseUrl, concurrency: 4, ...(replicas ? { replicas } : {}) } },
    nodes: [
      { id: "data", kind: "dataset", position: pos, config: { source: { type: "file", path: "data.jsonl" }, columns: [{ name: "question", type: "text" }], idColumn: "id" } },
      { id: "ask", kind: "prompt", position: pos, config: { model: "m", template: "{{question}}" } },
    ],
    edges: [{ id: "e1", source: "data", sourcePort: "question", target: "ask", targetPort: "question" }],
  };
}

async function run(store: Store, doc: PipelineDoc, dir: string) {
  const events: RunEvent[] = [];
  const handle = startRun({ doc, baseDir: dir, store, onEvent: (e) => events.push(e) });
  const end = await handle.done;
  return { end, events, rows: store.runs.results({ runId: handle.runId, nodeId: "ask", limit: 1000 }).rows };
}

describe("an endpoint pool", () => {
  it("finishes every item past a dead and a slow replica, most calls on the healthy ones; the cache key is the pool's", async () => {
    const dead = await startFakeOpenAI({ faults: () => "reset" });
    const slow = await startFakeOpenAI({ latencyMs: 250 });
    const fast = await startFakeOpenAI({ latencyMs: 10 });
    open.push(dead, slow, fast);
    const dir = tempDir("cascade-pool-");
    const store = openStore(join(dir, "pool.db"));
    stores.push(store);
    const doc = onePrompt(dir, dead.url, [slow.url, fast.url]);
    expect(parsePipeline(doc).problems).toEqual([]);

    const r = await run(store, doc, dir);
    expect(r.end.status).toBe("done");
    expect(r.end.totals.itemsFailed).toBe(0);
    expect(r.rows.filter((x) => x.status === "done" || x.status === "cached")).toHaveLength(ITEMS);
    const answered = { slow: chatRequests(slow.requests).length, fast: chatRequests(fast.requests).length };
    expect(answered.slow + answered.fast).toBe(ITEMS);
    expect(answered.fast).toBeGreaterThan(answered.slow * 2); // the slow replica keeps its calls longer, so gets fewer
    // The dead replica was drained after its first failures and only probed again now and then.
    expect(dead.calls).toBeGreaterThan(0);
    expect(dead.calls).toBeLessThan(ITEMS / 4);

    // The same calls again, with the replicas in another order or without them: all from the cache.
    const before = dead.calls + slow.calls + fast.calls;
    const again = await run(store, onePrompt(dir, dead.url, [fast.url, slow.url]), dir);
    const single = await run(store, onePrompt(dir, dead.url), dir);
    for (const x of [again, single]) {
      expect(x.end.status).toBe("done");
      expect(x.end.totals.calls).toBe(0);
      expect(x.end.totals.cacheHits).toBe(ITEMS);
    }
    expect(dead.calls + slow.calls + fast.calls).toBe(before);
  }, 60_000);

  it("fails an item only when every replica failed it, and says so", async () => {
    const a = await startFakeOpenAI({ faults: () => "500" });
    const b = await startFakeOpenAI({ faults: () => "reset" });
    open.push(a, b);
    const dir = tempDir("cascade-pool-");
    const store = openStore(":memory:");
    stores.push(store);
    const r = await run(store, { ...onePrompt(dir, a.url, [b.url]), settings: { limit: 2 } }, dir);
    const failed = r.events.find((e): e is Extract<RunEvent, { type: "item-failed" }> => e.type === "item-failed");
    expect(failed?.error).toMatch(/every replica of the pool failed \(2 replicas, \d+ attempts\)/);
    expect(r.end.status).toBe("failed");
  }, 60_000);

  it("passes the pre-flight while one replica answers, not when none does", async () => {
    const up = await startFakeOpenAI();
    open.push(up);
    const dir = tempDir("cascade-pool-");
    const downUrl = "http://127.0.0.1:9/v1";
    expect((await checkRunModels(onePrompt(dir, downUrl, [up.url]), { baseDir: dir })).problems).toEqual([]);
    const none = await checkRunModels(onePrompt(dir, downUrl, ["http://127.0.0.1:7/v1"]), { baseDir: dir, discover: { candidates: [] } });
    expect(none.problems).toEqual([expect.objectContaining({ kind: "no-server", models: ["m"] })]);
    expect(none.problems[0].reason).toContain("no replica answers");
  }, 30_000);

  it("is refused for an embedded model, without baseUrl, or with a replica twice", () => {
    const dir = tempDir("cascade-pool-");
    const base = onePrompt(dir, "http://127.0.0.1:8000/v1", ["http://127.0.0.1:8000/v1/"]);
    expect(parsePipeline(base).problems.map((p) => p.path)).toContain("models.m.replicas[0]");
    const noBase = onePrompt(dir, "http://x:1/v1", ["http://127.0.0.1:8001/v1"]);
    delete noBase.models.m.baseUrl;
    expect(parsePipeline(noBase).problems.map((p) => p.path)).toContain("models.m.baseUrl");
  });
});
