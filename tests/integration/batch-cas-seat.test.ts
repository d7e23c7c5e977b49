/**
 * templates/cas-seat.json with `batch: true` on both models, against a fake OpenAI Batch API: the same results
 * as the live run against a fake with the same deterministic replies, no live call, one batch per LLM node
 * (the calls of all 18 items at a node go out together, stage by stage), and a warm re-run that makes no call
 * and submits no batch.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startRun } from "../../src/main/engine/startRun";
import type { RunEvent } from "../../src/shared/events";
import { openStore, type Store } from "../../src/main/store/store";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { parsePipelineJson } from "../../src/shared/pipeline/validate";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { startFakeOpenAIBatch, type FakeOpenAIBatch } from "../fakes/batch/openaiBatchServer";

const TEMPLATES = join(__dirname, "../../templates");
const LLM_NODES = ["reason", "selfeval", "extract_llm"];

function template(url: string, batch: boolean): PipelineDoc {
  const parsed = parsePipelineJson(readFileSync(join(TEMPLATES, "cas-seat.json"), "utf8"));
  expect(parsed.problems).toEqual([]);
  const doc = parsed.doc!;
  for (const m of Object.values(doc.models)) {
    m.baseUrl = url;
    if (batch) Object.assign(m, { batch: true, apiKeyEnv: "OPENAI_API_KEY" });
  }
  return doc;
}

const fakes: { close(): Promise<void> }[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  for (const f of fakes.splice(0)) await f.close();
});

async function run(doc: PipelineDoc, store: Store) {
  const events: RunEvent[] = [];
  const handle = startRun({ doc, baseDir: TEMPLATES, store, env: { OPENAI_API_KEY: "test-key" }, batchGatherMs: 100, batchPollMs: 20, onEvent: (e) => events.push(e) });
  const end = await handle.done;
  const outputs = new Map<string, unknown>();
  for (const nodeId of store.runs.resultNodes(handle.runId)) {
    for (const r of store.runs.results({ runId: handle.runId, nodeId, limit: 1000 }).rows) outputs.set(`${nodeId}/${r.itemId}`, { ok: r.status === "done" || r.status === "cached", output: r.output });
  }
  return { end, outputs, events, runId: handle.runId };
}

describe("batch: true on the Cas-SEAT template", () => {
  it("gives the live run's results through the batch API, one batch per LLM node, no live call; a warm re-run submits nothing", async () => {
    const live: FakeServer = await startFakeOpenAI();
    const batchApi: FakeOpenAIBatch = await startFakeOpenAIBatch({ apiKey: "test-key" });
    fakes.push(live, batchApi);
    const liveStore = openStore(":memory:");
    const batchStore = openStore(":memory:");
    stores.push(liveStore, batchStore);

    const a = await run(template(live.url, false), liveStore);
    expect(a.end.status).toBe("done");
    const b = await run(template(batchApi.url, true), batchStore);
    expect(b.end.status, JSON.stringify(b.events.find((e) => e.type === "item-failed"))).toBe("done");
    expect(b.outputs).toEqual(a.outputs);

    expect(batchApi.requests.filter((r) => r.path.includes("/chat/completions"))).toEqual([]);
    const batches = [...batchApi.book.batches.values()];
    const liveCalls = live.requests.filter((r) => r.path.startsWith("/v1/chat/completions")).length;
    expect(batchApi.book.requestCount).toBe(liveCalls); // each distinct call once, none twice
    // One batch per LLM node that made calls: the reasoner's 18, then the self-evaluations, then the extractor's.
    const callingNodes = LLM_NODES.filter((n) => a.events.some((e) => e.type === "node-done" && e.nodeId === n && e.counts.done > 0));
    expect(callingNodes).toEqual(LLM_NODES);
    expect(batches).toHaveLength(callingNodes.length);
    expect(batches[0].requests).toHaveLength(18);
    const states = b.events.filter((e) => e.type === "batch-state").map((e) => (e as { state: string }).state);
    expect(states.filter((s) => s === "submitted")).toHaveLength(batches.length);
    expect(states.filter((s) => s === "collected")).toHaveLength(batches.length);

    const before = batchApi.requests.length;
    const warm = await run(template(batchApi.url, true), batchStore);
    expect(warm.end.status).toBe("done");
    expect(warm.outputs).toEqual(a.outputs);
    expect(batchApi.requests.length).toBe(before);
    expect(warm.end.totals.calls ?? 0).toBe(0);
  }, 60_000);

  it("batches one model while the other runs live in the same pipeline", async () => {
    const live: FakeServer = await startFakeOpenAI();
    const liveOnly: FakeServer = await startFakeOpenAI();
    const batchApi: FakeOpenAIBatch = await startFakeOpenAIBatch({ apiKey: "test-key" });
    fakes.push(live, liveOnly, batchApi);
    const liveStore = openStore(":memory:");
    const mixedStore = openStore(":memory:");
    stores.push(liveStore, mixedStore);
    const a = await run(template(live.url, false), liveStore);
    const mixed = template(liveOnly.url, false);
    Object.assign(mixed.models.reasoner, { baseUrl: batchApi.url, batch: true, apiKeyEnv: "OPENAI_API_KEY" });
    const b = await run(mixed, mixedStore);
    expect(b.end.status).toBe("done");
    expect(b.outputs).toEqual(a.outputs);
    // The reasoner's two nodes went out as two batches; the extractor's calls went to its live server.
    expect(batchApi.book.batches.size).toBe(2);
    const extractorModel = mixed.models.extractor.model;
    const liveCalls = liveOnly.requests.filter((r) => r.path.startsWith("/v1/chat/completions"));
    expect(liveCalls.length).toBeGreaterThan(0);
    expect(liveCalls.every((r) => (r.body as { model: string }).model === extractorModel)).toBe(true);
  }, 60_000);
});
