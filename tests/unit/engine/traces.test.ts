import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createProvider } from "../../../src/main/providers/registry";
import { unpackCalls } from "../../../src/main/store/traceFormat";
import type { Store } from "../../../src/main/store/store";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer } from "../../fakes/openaiServer";
import { edge, lastUser, memStore, node, run, testProvider, twoPromptDoc } from "./helpers";
import { databaseOf } from "../../../src/main/store/database";

const dir = mkdtempSync(join(tmpdir(), "cascade-trace-"));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));
const PNG = Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), Buffer.from("unique image bytes for the trace test")]);
writeFileSync(join(dir, "pic.png"), PNG);

let store: Store;
let fake: FakeServer | undefined;
afterEach(async () => {
  store?.close();
  await fake?.close();
  fake = undefined;
});

function traceOf(runId: string, itemId: string, nodeId: string) {
  const found = store.traces.forItem(runId, itemId, [nodeId]).get(nodeId)?.get(itemId);
  if (!found) throw new Error(`no result for ${nodeId}/${itemId}`);
  return { ...found, calls: unpackCalls(found.trace, found.row) };
}

/** dataset (inline, one image column) → look (prompt with the image, 2 samples). */
function imageDoc(image: string): PipelineDoc {
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "image trace",
    models: { m: { provider: "openai", model: "vision-model", params: { temperature: 0.5, maxTokens: 77 } } },
    nodes: [
      node("data", "dataset", { source: { type: "inline", rows: [{ id: "a", q: "what?", img: image }] }, columns: [{ name: "q", type: "text" }, { name: "img", type: "image" }], idColumn: "id" }),
      node("look", "prompt", { model: "m", system: "You see.", template: "Look: {{q}}", images: ["img"], samples: 2, params: { maxTokens: 12 } }),
    ],
    edges: [edge("data", "q", "look", "q"), edge("data", "img", "look", "img")],
  };
}

describe("traces of results", () => {
  it("records each node's inputs and every call with the exact messages, params, reply and key; cached on a re-run", async () => {
    store = memStore();
    const provider = testProvider();
    const first = await run(store, twoPromptDoc(2), provider);
    const second = traceOf(first.runId, "q1", "second");
    expect(second.trace?.inputs).toEqual({ prev: "reply to: Q: question 1" });
    expect(second.calls).toHaveLength(1);
    const call = second.calls[0];
    const sent = provider.calls.find((c) => lastUser(c) === "check: reply to: Q: question 1")!;
    expect(call.messages).toEqual(sent.messages.map((m) => ({ role: m.role, content: m.content })));
    expect(call).toMatchObject({ provider: "openai", model: "test-model", modelName: "m", reply: "reply to: check: reply to: Q: question 1", cached: false, retries: 0, sample: 0 });
    expect(call.params).toEqual(sent.params);
    expect(call.usage).toEqual({ inputTokens: 10, outputTokens: 3 });
    expect(call.cacheKey).toBe(second.row.cacheKey);
    expect(call.latencyMs).toBeGreaterThanOrEqual(0);
    // The dataset row has no trace; its output is the row itself.
    expect(traceOf(first.runId, "q1", "data").trace).toBeUndefined();

    const again = await run(store, twoPromptDoc(2), provider);
    const cached = traceOf(again.runId, "q1", "second").calls[0];
    expect(cached).toMatchObject({ cached: true, reply: call.reply, cacheKey: call.cacheKey, retries: 0 });
    expect(cached.messages).toEqual(call.messages);
  });

  it("keeps images as references (source, hash, mime) — never their bytes — and stores shared messages once", async () => {
    store = memStore();
    const provider = testProvider();
    const { runId } = await run(store, imageDoc("pic.png"), provider, { baseDir: dir });
    const look = traceOf(runId, "a", "look");
    expect(look.calls.map((c) => c.sample)).toEqual([0, 1]);
    const hash = (await import("node:crypto")).createHash("sha256").update(PNG).digest("hex");
    for (const c of look.calls) {
      expect(c.messages).toEqual([
        { role: "system", content: "You see." },
        { role: "user", content: "Look: what?", images: [{ kind: "image", source: "pic.png", hash, mime: "image/png" }] },
      ]);
      expect(c.params).toEqual({ temperature: 0.5, maxTokens: 12 });
    }
    expect(look.trace?.messages).toHaveLength(1); // both samples point at one stored message list
    const stored = (databaseOf(store).prepare("SELECT trace FROM result_traces WHERE run_id = ? AND node_id = 'look'").get(runId) as { trace: string }).trace;
    expect(stored).not.toContain(PNG.toString("base64").slice(0, 24));

    // A data-URI image: the trace keeps its hash, not the base64 text.
    const uri = `data:image/png;base64,${PNG.toString("base64")}`;
    const second = await run(store, imageDoc(uri), testProvider(), { baseDir: dir });
    const text = (databaseOf(store).prepare("SELECT trace FROM result_traces WHERE run_id = ? AND node_id = 'look'").get(second.runId) as { trace: string }).trace;
    expect(text).not.toContain(PNG.toString("base64").slice(0, 24));
    expect(traceOf(second.runId, "a", "look").calls[0].messages[1].images?.[0].source).toBe(`data:image/png;sha256,${hash}`);
  });

  it("counts retries (the provider's onRetry) and records failed calls with their error", async () => {
    store = memStore();
    fake = await startFakeOpenAI({ faults: (n) => (n <= 2 ? "500" : null) });
    const doc = twoPromptDoc(1);
    doc.models.m = { provider: "openai", model: "fake-model", baseUrl: fake.url, maxRetries: 3 };
    const factory = (_: string, config: PipelineDoc["models"][string]) => createProvider(config, { env: {}, retryBaseDelayMs: 1 });
    const { runId } = await run(store, doc, testProvider(), { providerFactory: factory, concurrency: 1 });
    const first = traceOf(runId, "q1", "first").calls[0];
    expect(first.retries).toBe(2);
    expect(first.error).toBeUndefined();
    expect(traceOf(runId, "q1", "second").calls[0].retries).toBe(0);

    await fake.close();
    fake = await startFakeOpenAI({ faults: () => "400" });
    doc.models.m = { ...doc.models.m, baseUrl: fake.url };
    doc.nodes[1].config = { ...doc.nodes[1].config, template: "Q again: {{question}}" };
    const failed = await run(store, doc, testProvider(), { providerFactory: factory });
    const trace = traceOf(failed.runId, "q1", "first");
    expect(trace.row.status).toBe("failed");
    expect(trace.calls).toHaveLength(1);
    expect(trace.calls[0].error).toMatch(/400/);
    expect(trace.calls[0].messages).toEqual([{ role: "user", content: "Q again: question 1" }]);
  });
});
