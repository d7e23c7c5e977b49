import { afterAll, describe, expect, it } from "vitest";
import { startRun } from "../../src/main/engine/startRun";
import { EndpointLimiters, endpointKey } from "../../src/main/providers/limiter";
import { createProvider } from "../../src/main/providers/registry";
import { openStore } from "../../src/main/store/store";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { cascadeDoc } from "./helpers";

const servers: FakeServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const ITEMS = 200;
const LATENCY = 40;

function inlineDoc(url: string): PipelineDoc {
  const doc = cascadeDoc(url);
  const rows = Array.from({ length: ITEMS }, (_, i) => ({ id: `i${i}`, question: `q ${i}`, answer: "yes" }));
  doc.nodes[0].config = { ...doc.nodes[0].config, source: { type: "inline", rows } };
  // The default retry policy (retry within the call's time budget), not the helper's cap of 8 retries: with
  // 39% of replies faulty, 9 faults in a row on one of the 400 calls happened in 2 of 40 runs here.
  delete doc.models.m.maxRetries;
  // Two model calls per item keep the test short: reason → selfeval.
  doc.nodes = doc.nodes.filter((n) => ["data", "reason", "selfeval"].includes(n.id));
  doc.edges = doc.edges.filter((e) => ["e1", "e2"].includes(e.id));
  return doc;
}

async function timedRun(fake: FakeServer) {
  const store = openStore(":memory:");
  const started = performance.now();
  const limiters = new EndpointLimiters();
  const { runId, done } = startRun({
    doc: inlineDoc(fake.url),
    baseDir: process.cwd(),
    store,
    concurrency: 16,
    limiters,
    providerFactory: (_name, config, run) => createProvider(config, { retryBaseDelayMs: 5, defaultConcurrency: 16, limiters: run.limiters }),
  });
  const summary = await done;
  const ms = performance.now() - started;
  const byNode = (nodeId: string) => store.runs.results({ runId, nodeId, limit: 1000 }).rows;
  const result = { summary, ms, limiters, reason: byNode("reason"), selfeval: byNode("selfeval") };
  store.close();
  return result;
}

describe("faults: 429 every 5th, 500 every 7th, malformed every 11th reply", () => {
  it("loses no item and stays within 3x the fault-free wall time", async () => {
    const clean = await startFakeOpenAI({ latencyMs: LATENCY });
    const faulty = await startFakeOpenAI({
      latencyMs: LATENCY,
      retryAfterSeconds: 0.05,
      faults: (n) => (n % 5 === 0 ? "429" : n % 7 === 0 ? "500" : n % 11 === 0 ? "malformed" : null),
    });
    servers.push(clean, faulty);

    const base = await timedRun(clean);
    expect(base.summary.totals).toMatchObject({ items: ITEMS, errors: 0, calls: 2 * ITEMS });

    const hurt = await timedRun(faulty);
    // A lost item names its cause in the failure message.
    const failures = [...hurt.reason, ...hurt.selfeval].filter((r) => r.status !== "done").map((r) => `${r.itemId}: ${r.error}`);
    expect(failures).toEqual([]);
    expect(hurt.summary.status).toBe("done");
    expect(hurt.summary.totals).toMatchObject({ items: ITEMS, itemsDone: ITEMS, itemsFailed: 0, errors: 0, calls: 2 * ITEMS });
    expect(hurt.reason).toHaveLength(ITEMS);
    expect(hurt.selfeval.every((r) => r.status === "done" && typeof r.output?.text === "string")).toBe(true);
    // Every faulted call was retried: more requests reached the server than calls completed.
    expect(faulty.calls).toBeGreaterThan(2 * ITEMS * 1.3);
    expect(hurt.ms).toBeLessThan(3 * base.ms);
    // The real endpoint limiter is in play: a steady 20% of 429s must not pin its concurrency at 1.
    expect(hurt.limiters.get(endpointKey("openai", faulty.url))!.concurrency).toBeGreaterThan(4);
    console.log(`faults: fault-free ${base.ms.toFixed(0)} ms, with faults ${hurt.ms.toFixed(0)} ms (${(hurt.ms / base.ms).toFixed(2)}x), ${faulty.calls} requests for ${2 * ITEMS} calls`);
  }, 20_000);
});
