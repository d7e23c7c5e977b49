/**
 * The app's experiments (experiments.preview/start/get/cancel) over the real service, store and engine against
 * the fake vision model: a 2×2 experiment on Cas-SEAT in the document's experiment section previews 4 cells,
 * runs 4 normal runs (in runs.list), pushes cell and experiment events in order, and its matrix has the
 * accuracies `runs.compare` gives for the same runs; a call cap stops it with the cells left out named.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExperimentEvent } from "../../src/shared/contract";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { makeService, templateDoc } from "../unit/service/helpers";
import { chatRequests } from "./helpers";

const V2 = "Check every count and reading again against the image. End with one line \"Final answer: ...\".";
let fake: FakeServer;

beforeAll(async () => {
  process.env.CASCADE_EXP_KEY = "sk-test";
  fake = await startFakeOpenAI({ reply: visualMathOracle(), models: ["A", "B", "qwen2.5-1.5b-instruct"] });
});
afterAll(async () => fake?.close());

function experimentDoc(extra: Partial<NonNullable<PipelineDoc["experiment"]>> = {}): PipelineDoc {
  const doc = templateDoc("cas-seat.json");
  for (const m of Object.values(doc.models)) Object.assign(m, { baseUrl: fake.url, apiKeyEnv: "CASCADE_EXP_KEY" });
  const v1 = (doc.nodes.find((n) => n.id === "selfeval")!.config as { template: string }).template;
  doc.experiment = { axes: [{ path: "models.reasoner.model", values: ["A", "B"] }, { path: "nodes.selfeval.config.template", values: [v1, V2] }], ...extra };
  return doc;
}

function finishedOf(env: ReturnType<typeof makeService>, events: ExperimentEvent[]): Promise<void> {
  return new Promise((resolve) => {
    env.service.on("experiment-event", (e) => {
      events.push(e);
      if (e.type === "experiment-finished") resolve();
    });
  });
}

describe("experiments service", () => {
  it("previews, runs 4 cells as normal runs and gives the matrix with runs.compare's accuracies", async () => {
    const env = makeService();
    try {
      const doc = experimentDoc();
      const preview = await env.service.call("experiments.preview", { doc });
      expect(preview.cells.map((c) => c.values.map((v) => v.label).join(" "))).toEqual(["A " + preview.cells[0].values[1].label, expect.stringMatching(/^A Check every/), expect.stringMatching(/^B Now check/), expect.stringMatching(/^B Check every/)]);
      expect(preview.perCell[1].sharedWithEarlier).toBe(18); // A·v2 shares A·v1's 18 Reason calls
      expect(preview.calls).toBe(preview.perCell.reduce((n, c) => n + c.calls, 0));

      const events: ExperimentEvent[] = [];
      const finished = finishedOf(env, events);
      const before = chatRequests(fake.requests).length;
      const started = await env.service.call("experiments.start", { doc });
      await finished;
      expect(events.filter((e) => e.type === "cell-started").map((e) => e.cell)).toEqual([0, 1, 2, 3]);
      expect(events.filter((e) => e.type === "cell-finished").map((e) => [e.cell, e.status])).toEqual([[0, "done"], [1, "done"], [2, "done"], [3, "done"]]);
      expect(events.at(-1)).toEqual({ type: "experiment-finished", experimentId: started.experimentId, status: "done", capReached: null });
      const progress = events.filter((e) => e.type === "cell-progress");
      expect(progress.every((e) => e.itemsDone <= e.items)).toBe(true);

      const state = await env.service.call("experiments.get", { experimentId: started.experimentId, by: ["answer_type"] });
      expect(state.status).toBe("done");
      expect(state.cells.map((c) => [c.status, c.itemsDone, c.items])).toEqual(Array(4).fill(["done", 18, 18]));
      const runIds = state.cells.map((c) => c.runId!);
      const listed = (await env.service.call("runs.list", undefined)).map((r) => r.id);
      for (const id of runIds) expect(listed).toContain(id);
      const m = state.matrix!;
      expect(m.rows).toHaveLength(4);
      expect(m.pairs).toHaveLength(6);
      expect(m.categories[0].column).toBe("answer_type");
      const compared = await env.service.call("runs.compare", { runIds });
      for (const row of m.rows) {
        const a = compared.accuracy.find((x) => x.runId === row.runId)!;
        expect([row.accuracy.value, row.accuracy.low, row.accuracy.high, row.accuracy.n]).toEqual([a.value, a.low, a.high, a.n]);
      }
      // Every distinct call made once: the calls counted in the matrix are the requests the fake saw.
      expect(m.rows.reduce((n, r) => n + r.calls, 0)).toBe(chatRequests(fake.requests).length - before);
    } finally {
      await env.close();
    }
  }, 180_000);

  it("stops at the experiment's maxCalls: the cells not started are left out and named", async () => {
    const env = makeService();
    try {
      const doc = experimentDoc({ maxCalls: 40 });
      const events: ExperimentEvent[] = [];
      const finished = finishedOf(env, events);
      const { experimentId } = await env.service.call("experiments.start", { doc });
      await finished;
      const state = await env.service.call("experiments.get", { experimentId });
      expect(state.status).toBe("stopped");
      expect(state.capReached).toContain("--max-calls 40 reached");
      expect(state.cells.at(-1)).toMatchObject({ name: "c4", status: "left-out", leftOut: expect.stringContaining("not started: --max-calls 40 reached") });
      expect((state.matrix?.rows ?? []).reduce((n, r) => n + r.calls, 0)).toBeLessThanOrEqual(40);
    } finally {
      await env.close();
    }
  }, 180_000);

  it("stops on experiments.cancel: the running cell ends cancelled and kept, the others are not started", async () => {
    const env = makeService();
    try {
      const events: ExperimentEvent[] = [];
      const finished = finishedOf(env, events);
      let cancelled: Promise<void> | undefined;
      env.service.on("experiment-event", (e) => {
        if (e.type === "cell-started" && !cancelled) cancelled = env.service.call("experiments.cancel", { experimentId: e.experimentId });
      });
      const { experimentId } = await env.service.call("experiments.start", { doc: experimentDoc() });
      await finished;
      await cancelled;
      const state = await env.service.call("experiments.get", { experimentId });
      expect(state.status).toBe("cancelled");
      expect(state.cells.slice(1).map((c) => [c.status, c.leftOut])).toEqual(Array(3).fill(["left-out", "not started: cancelled"]));
      expect(state.cells[0]).toMatchObject({ status: "cancelled", leftOut: "cancelled", runId: expect.any(String) });
      expect((await env.service.call("runs.get", { runId: state.cells[0].runId! })).status).toBe("cancelled");
      expect(events.at(-1)).toMatchObject({ type: "experiment-finished", status: "cancelled" });
    } finally {
      await env.close();
    }
  }, 180_000);

  it("refuses a document without an experiment, and an axis that does not reach into the pipeline, naming it", async () => {
    const env = makeService();
    try {
      const doc = experimentDoc();
      await expect(env.service.call("experiments.preview", { doc: { ...doc, experiment: undefined } })).rejects.toThrow(/no experiment/);
      doc.experiment!.axes[0].path = "models.reasonr.model";
      await expect(env.service.call("experiments.preview", { doc })).rejects.toThrow("experiment: experiment.axes[0] (models.reasonr.model): the pipeline has no models.reasonr (there are: extractor, reasoner)");
      await expect(env.service.call("experiments.get", { experimentId: "nope" })).rejects.toThrow('experiment "nope" does not exist');
    } finally {
      await env.close();
    }
  });
});
