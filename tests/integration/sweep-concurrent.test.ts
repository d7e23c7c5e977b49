/**
 * Remote cells run concurrently: the cells of a 2×2 sweep on Cas-SEAT whose models are on a non-loopback
 * address (the fake, reached as [::ffff:127.0.0.1], which isLocalModel does not take for this machine) overlap in
 * time, yet the fake sees each distinct call once (a call one running cell is making is awaited by the other,
 * counted there as a cache hit) and every cell's accuracy is that of the same cells run one after another.
 * Cells on a loopback server still run one after another.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandCells } from "../../src/shared/experiment/cells";
import { scheduleCells } from "../../src/shared/experiment/schedule";
import { loadRunForCompare } from "../../src/main/compare/loadRunForCompare";
import { accuracyOf } from "../../src/shared/compare/nodeMetrics";
import { runSweep } from "../../src/main/experiment/runSweep";
import { openStore } from "../../src/main/store";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { templateDoc, TEMPLATES } from "../unit/service/helpers";
import { chatRequests } from "./helpers";

let fake: FakeServer;
const V2 = 'Check every count and reading again against the image. End with one line "Final answer: ...".';

beforeAll(async () => {
  process.env.CASCADE_CONC_KEY = "sk-test";
  fake = await startFakeOpenAI({ reply: visualMathOracle(), latencyMs: 20, models: ["A", "B", "qwen2.5-1.5b-instruct"] });
});
afterAll(async () => fake?.close());

function cellsFor(baseUrl: string) {
  const doc: PipelineDoc = templateDoc("cas-seat.json");
  for (const m of Object.values(doc.models)) Object.assign(m, { baseUrl, apiKeyEnv: "CASCADE_CONC_KEY" });
  const v1 = (doc.nodes.find((n) => n.id === "selfeval")!.config as { template: string }).template;
  const axes = [
    { path: "models.reasoner.model", origin: "a", values: ["A", "B"].map((v) => ({ label: v, value: v })) },
    { path: "nodes.selfeval.config.template", origin: "b", values: [v1, V2].map((v, i) => ({ label: `v${i + 1}`, value: v })) },
  ];
  const cells = expandCells(doc, axes);
  return { cells, order: scheduleCells(cells.map((c) => c.doc)) };
}

async function sweep(baseUrl: string, cellConcurrency?: number) {
  const store = openStore(":memory:");
  const { cells, order } = cellsFor(baseUrl);
  const before = chatRequests(fake.requests).length;
  const { outcomes } = await runSweep(cells, order, { experimentId: "t", baseDir: TEMPLATES, store, cellConcurrency });
  const runs = outcomes.map((o) => store.runs.get(o.report!.runId));
  const accuracy = outcomes.map((o) => accuracyOf(o.report!.runId, loadRunForCompare(store, o.report!.runId).items, {}).value);
  const requests = chatRequests(fake.requests).slice(before);
  const made = outcomes.reduce((n, o) => n + o.report!.calls, 0);
  store.close();
  return { runs, accuracy, requests, made, outcomes };
}

/** Whether some cell started before another had finished. */
const overlapped = (runs: { startedAt: number; finishedAt?: number }[]) => runs.some((a, i) => runs.some((b, j) => i !== j && a.startedAt <= b.startedAt && b.startedAt < a.finishedAt!));

describe("runSweep scheduling", () => {
  it("runs remote cells concurrently, each distinct call made once, with the accuracies of a sequential sweep", async () => {
    const remoteUrl = fake.url.replace("127.0.0.1", "[::ffff:127.0.0.1]");
    const together = await sweep(remoteUrl);
    expect(together.outcomes.map((o) => o.report!.status)).toEqual(["done", "done", "done", "done"]);
    expect(overlapped(together.runs)).toBe(true);
    const bodies = together.requests.map((q) => JSON.stringify(q.body));
    expect(new Set(bodies).size).toBe(bodies.length);
    expect(together.made).toBe(together.requests.length);
    // A·v1 and A·v2 share their 18 Reason calls (as B·v1 and B·v2 do): made once, a hit in the other cell.
    const hits = together.outcomes.reduce((n, o) => n + o.report!.cacheHits, 0);
    expect(hits).toBeGreaterThanOrEqual(36);

    const oneByOne = await sweep(remoteUrl, 1);
    expect(overlapped(oneByOne.runs)).toBe(false);
    expect(together.accuracy).toEqual(oneByOne.accuracy);
    expect(together.made).toBe(oneByOne.made);
  }, 180_000);

  it("runs cells on a loopback server one after another", async () => {
    const local = await sweep(fake.url);
    expect(overlapped(local.runs)).toBe(false);
    expect(local.outcomes.map((o) => o.cell)).toEqual([0, 1, 2, 3]);
  }, 180_000);
});
