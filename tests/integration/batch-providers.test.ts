/**
 * batch: true against fake batch APIs of OpenAI, Anthropic and Gemini (each checks its API's exact request
 * shapes and answers 400 to a wrong one): a three-prompt cascade gives the live run's results; a request the
 * batch lets expire goes into a later batch; an invalid one fails only its item, naming the batch; with
 * batchFallback "live" an expired one is made live; a malformed results file fails the batch's items naming
 * it; cancelling a run cancels its batch at the provider.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startRun } from "../../src/main/engine/startRun";
import { openStore, type Store } from "../../src/main/store/store";
import type { RunEvent } from "../../src/shared/events";
import type { ModelConfig, PipelineDoc } from "../../src/shared/pipeline/schema";
import { startFakeAnthropic } from "../fakes/anthropicServer";
import { startFakeGemini } from "../fakes/geminiServer";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import type { BatchBook, BatchBookOptions } from "../fakes/batch/batchBook";
import { startFakeAnthropicBatch } from "../fakes/batch/anthropicBatchServer";
import { startFakeGeminiBatch } from "../fakes/batch/geminiBatchServer";
import { startFakeOpenAIBatch } from "../fakes/batch/openaiBatchServer";
import { cascadeDoc, tempDir, writeCascade } from "./helpers";

type BatchFake = FakeServer & { book: BatchBook };
interface Kind {
  provider: ModelConfig["provider"];
  live: (o: { apiKey: string }) => Promise<FakeServer>;
  batch: (o: BatchBookOptions & { apiKey: string }) => Promise<BatchFake>;
  /** A live chat call's path on this API. */
  livePath: RegExp;
}

const KINDS: Kind[] = [
  { provider: "openai", live: (o) => startFakeOpenAI(o), batch: (o) => startFakeOpenAIBatch(o), livePath: /chat\/completions/ },
  { provider: "anthropic", live: (o) => startFakeAnthropic(o), batch: (o) => startFakeAnthropicBatch(o), livePath: /^\/v1\/messages(\?|$)/ },
  { provider: "gemini", live: (o) => startFakeGemini(o), batch: (o) => startFakeGeminiBatch(o), livePath: /:(streamG|g)enerateContent/ },
];

const KEY = "sk-batch-test";
const ITEMS = 6;
const open: { close(): Promise<void> }[] = [];
const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  for (const f of open.splice(0)) await f.close();
});

function docFor(kind: Kind, url: string, extra: Partial<ModelConfig> = {}): { doc: PipelineDoc; dir: string } {
  const dir = tempDir("cascade-batch-");
  writeCascade(dir, url, ITEMS);
  const doc = cascadeDoc(url);
  doc.models.m = { provider: kind.provider, model: "fake-model", baseUrl: url, apiKeyEnv: "TEST_KEY", ...extra };
  return { doc, dir };
}

async function run(doc: PipelineDoc, dir: string, signal?: AbortSignal, onEvent?: (e: RunEvent) => void) {
  const store = openStore(":memory:");
  stores.push(store);
  const events: RunEvent[] = [];
  const handle = startRun({
    doc,
    baseDir: dir,
    store,
    env: { TEST_KEY: KEY },
    batchGatherMs: 60,
    batchPollMs: 10,
    retryBaseDelayMs: 1,
    signal,
    onEvent: (e) => {
      events.push(e);
      onEvent?.(e);
    },
  } as Parameters<typeof startRun>[0]);
  const end = await handle.done;
  const out = (nodeId: string) => store.runs.results({ runId: handle.runId, nodeId, limit: 100 }).rows;
  return { end, events, out, store };
}

const texts = (rows: { itemId: string; output?: Record<string, unknown> | null }[]) => Object.fromEntries(rows.map((r) => [r.itemId, r.output?.text]));

describe.each(KINDS)("batch API of $provider", (kind) => {
  it("gives the live run's results, with accepted request shapes and no live call", async () => {
    const live = await kind.live({ apiKey: KEY });
    const fake = await kind.batch({ apiKey: KEY });
    open.push(live, fake);
    const a = docFor(kind, live.url);
    const b = docFor(kind, fake.url, { batch: true });
    const liveRun = await run(a.doc, a.dir);
    const batchRun = await run(b.doc, b.dir);
    expect(liveRun.end.status).toBe("done");
    expect(batchRun.end.status, JSON.stringify(batchRun.events.find((e) => e.type === "item-failed"))).toBe("done");
    for (const node of ["reason", "selfeval", "extract_llm", "score"]) expect(texts(batchRun.out(node)), node).toEqual(texts(liveRun.out(node)));
    expect(fake.requests.filter((r) => r.method === "POST" && kind.livePath.test(r.path))).toEqual([]);
    expect(fake.requests.filter((r) => r.method === "POST").every((r) => r.answeredAt)).toBe(true);
    // One batch per node; each distinct call once (the self-evaluations all end alike, so the extractor's
    // calls are fewer than the items: identical calls are made once, live and batched).
    const sizes = [...fake.book.batches.values()].map((x) => x.requests.length);
    expect(sizes.slice(0, 2)).toEqual([ITEMS, ITEMS]);
    expect(sizes).toHaveLength(3);
    expect(sizes.reduce((a, n) => a + n, 0)).toBe(live.calls);
  }, 30_000);

  it("an expired request goes into a later batch; an invalid one fails only its item, naming the batch", async () => {
    let expiredId: string | undefined;
    let invalidId: string | undefined;
    const fake = await kind.batch({
      apiKey: KEY,
      lineFault: (id, sent) => {
        expiredId ??= id;
        if (id === expiredId) return sent === 1 ? "expired" : null;
        invalidId ??= id;
        return id === invalidId ? "invalid" : null;
      },
    });
    open.push(fake);
    const { doc, dir } = docFor(kind, fake.url, { batch: true });
    const r = await run(doc, dir);
    const failed = r.events.filter((e): e is Extract<RunEvent, { type: "item-failed" }> => e.type === "item-failed" && e.nodeId === "reason");
    expect(failed).toHaveLength(1);
    const firstBatch = [...fake.book.batches.keys()][0];
    expect(failed[0].error).toContain(`batch ${kind.provider === "gemini" ? `batches/${firstBatch}` : firstBatch}: the request failed`);
    const sentTwice = [...fake.book.batches.values()].flatMap((b) => b.requests.map((q) => q.customId)).filter((id) => id === expiredId);
    expect(sentTwice).toHaveLength(2);
    expect(r.end.totals.itemsFailed).toBe(1);
    expect(r.end.status).toBe("done");
  }, 30_000);

  it("with batchFallback live, an expired request is made as a live call", async () => {
    let expiredId: string | undefined;
    const fake = await kind.batch({ apiKey: KEY, lineFault: (id) => ((expiredId ??= id) === id ? "expired" : null) });
    open.push(fake);
    const { doc, dir } = docFor(kind, fake.url, { batch: true, batchFallback: "live" });
    const r = await run(doc, dir);
    // The fake batch server has no live route: the live call fails there with a 404, which names the live path.
    const liveCalls = fake.requests.filter((q) => q.method === "POST" && kind.livePath.test(q.path));
    expect(liveCalls).toHaveLength(1);
    expect(r.end.totals.itemsFailed).toBe(1);
  }, 30_000);
});

describe("batch failures", () => {
  it("a malformed results file fails the batch's items with an error naming the batch and line", async () => {
    const fake = await startFakeOpenAIBatch({ apiKey: KEY, malformedResults: true });
    open.push(fake);
    const { doc, dir } = docFor(KINDS[0], fake.url, { batch: true });
    const r = await run(doc, dir);
    expect(r.end.status).toBe("failed");
    const err = r.events.find((e): e is Extract<RunEvent, { type: "item-failed" }> => e.type === "item-failed")!.error;
    expect(err).toMatch(/batch batch_fake1: the error file is malformed: line \d+ is not JSON|batch batch_fake1: the output file is malformed: line \d+ is not JSON/);
  }, 30_000);

});

describe.each(KINDS)("cancelling a run with $provider batches", (kind) => {
  const cancelPath: Record<string, RegExp> = { openai: /\/batches\/[^/]+\/cancel$/, anthropic: /\/v1\/messages\/batches\/[^/]+\/cancel$/, gemini: /\/v1beta\/batches\/[^/]+:cancel$/ };
  it("cancels its batch at the provider and records it", async () => {
    const fake = await kind.batch({ apiKey: KEY, hold: () => true });
    open.push(fake);
    const { doc, dir } = docFor(kind, fake.url, { batch: true });
    const controller = new AbortController();
    const r = await run(doc, dir, controller.signal, (e) => {
      if (e.type === "batch-state" && e.state === "in_progress") controller.abort();
    });
    expect(r.end.status).toBe("cancelled");
    await expect.poll(() => fake.requests.filter((q) => q.method === "POST" && cancelPath[kind.provider].test(q.path)).length).toBe(1);
    expect(r.store.batches.open().map((j) => j.state)).toEqual(["cancelling"]);
    expect([...fake.book.batches.values()].map((b) => b.state)).toEqual(["cancelling"]);
  }, 30_000);
});
