/**
 * A reply cut off by the token limit (OpenAI finish_reason "length") through the whole engine: the item is
 * marked truncated in its trace and in the run totals, the reply is not cached, and a re-run calls again.
 * A stream that ends early is retried and never cached either.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startRun } from "../../../src/main/engine/startRun";
import { createProvider } from "../../../src/main/providers/registry";
import { unpackCalls } from "../../../src/main/store/traceFormat";
import type { Store } from "../../../src/main/store/store";
import type { RunEvent } from "../../../src/shared/events";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer } from "../../fakes/openaiServer";
import { edge, memStore, node } from "./helpers";

let store: Store | undefined;
let fake: FakeServer | undefined;
afterEach(async () => {
  store?.close();
  await fake?.close();
  store = fake = undefined;
});

/** dataset (2 items) → reason (cut by "length") → selfeval (continues the chat). */
function doc(url: string): PipelineDoc {
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "truncation",
    models: { m: { provider: "openai", model: "fake-model", baseUrl: url, params: { maxTokens: 20 } } },
    nodes: [
      node("data", "dataset", { source: { type: "inline", rows: [{ id: "a", q: "1+1?" }, { id: "b", q: "2+2?" }] }, columns: [{ name: "q", type: "text" }], idColumn: "id" }),
      node("reason", "prompt", { model: "m", template: "Think step by step: {{q}}" }),
      node("selfeval", "prompt", { model: "m", template: "Check your work.", continueConversation: true }),
    ],
    edges: [edge("data", "q", "reason", "q"), edge("reason", "conversation", "selfeval", "conversation")],
  };
}

async function runOnce(d: PipelineDoc) {
  const events: RunEvent[] = [];
  const handle = startRun({ doc: d, baseDir: process.cwd(), store: store!, providerFactory: (_n, c) => createProvider(c, { retryBaseDelayMs: 1 }), onEvent: (e) => events.push(e) });
  return { summary: await handle.done, runId: handle.runId, events };
}

function traceCalls(runId: string, itemId: string, nodeId: string) {
  const found = store!.traces.forItem(runId, itemId, [nodeId]).get(nodeId)?.get(itemId);
  if (!found) throw new Error(`no result for ${nodeId}/${itemId}`);
  return unpackCalls(found.trace, found.row);
}

const reasonCalls = (s: FakeServer) => s.requests.filter((r) => JSON.stringify(r.body?.messages ?? "").includes("Think step by step") && r.body.messages.length === 1).length;

describe("truncated replies through the engine", () => {
  it("marks a reasoner reply cut by `length` truncated, counts it, never caches it: a re-run calls again", async () => {
    fake = await startFakeOpenAI({
      reply: (rec) => (rec.body.messages.length === 1 ? { text: "Let me think: first", stopReason: "length" } : "Looks right."),
    });
    store = memStore();
    const first = await runOnce(doc(fake.url));
    expect(first.summary.status).toBe("done");
    expect(first.summary.totals.truncated).toBe(2);
    const nodes = store.runs.get(first.runId).nodes;
    expect(nodes.reason.truncated).toBe(2);
    expect(nodes.selfeval.truncated).toBeUndefined();
    const done = first.events.filter((e): e is Extract<RunEvent, { type: "item-done" }> => e.type === "item-done" && e.nodeId === "reason");
    expect(done.map((e) => e.truncated)).toEqual([true, true]);
    const [call] = traceCalls(first.runId, "a", "reason");
    expect(call).toMatchObject({ truncated: true, stopReason: "length", cached: false, reply: "Let me think: first" });
    expect(traceCalls(first.runId, "a", "selfeval")[0]).toMatchObject({ stopReason: "stop" });
    expect(traceCalls(first.runId, "a", "selfeval")[0].truncated).toBeUndefined();
    expect(reasonCalls(fake)).toBe(2);

    const second = await runOnce(doc(fake.url));
    // The truncated replies were not cached: both are asked again; the finished selfeval replies come from the cache.
    expect(reasonCalls(fake)).toBe(4);
    expect(second.summary.totals).toMatchObject({ truncated: 2, calls: 2, cacheHits: 2 });
    expect(traceCalls(second.runId, "b", "reason")[0]).toMatchObject({ truncated: true, cached: false });
  });

  it("retries a stream that ended early and caches only the finished answer", async () => {
    fake = await startFakeOpenAI({ faults: (n) => (n <= 2 ? "cut" : null), reply: () => "a complete and finished answer" });
    store = memStore();
    const d = doc(fake.url);
    d.nodes = d.nodes.filter((n) => n.id !== "selfeval");
    d.edges = d.edges.filter((e) => e.target === "reason");
    const first = await runOnce(d);
    expect(first.summary.totals).toMatchObject({ errors: 0, calls: 2 });
    expect(first.summary.totals.truncated).toBeUndefined();
    for (const item of ["a", "b"]) expect(traceCalls(first.runId, item, "reason")[0].reply).toBe("a complete and finished answer");
    const requests = fake.calls;
    const second = await runOnce(d);
    expect(second.summary.totals).toMatchObject({ calls: 0, cacheHits: 2 });
    expect(fake.calls).toBe(requests);
  });
});
