import { afterEach, describe, expect, it } from "vitest";
import { planRun } from "../../../src/main/service/engineAdapter";
import type { EngineRunOptions, RunEngine } from "../../../src/main/service/runEnginePort";
import { RUN_ID_PATTERN } from "../../../src/shared/runId";
import type { RunEvent } from "../../../src/shared/events";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer } from "../../fakes/openaiServer";
import { fakeSecrets, makeService, templateDoc, TEMPLATES } from "./helpers";

let env: ReturnType<typeof makeService>;
let fake: FakeServer | undefined;
afterEach(async () => {
  await env?.close();
  await fake?.close();
  fake = undefined;
});

/** An engine that records its options and runs until told to finish or cancelled; its first event comes before start returns. */
function fakeEngine() {
  const started: EngineRunOptions[] = [];
  let finish: (() => void) | undefined;
  const engine: RunEngine = {
    plan: planRun,
    start(planned, options) {
      started.push(options);
      options.onEvent({ type: "run-started", runId: options.runId, pipelineName: planned.doc.name, items: 2, at: 1 });
      const done = new Promise<void>((resolve, reject) => {
        finish = resolve;
        options.signal.addEventListener("abort", () => reject(new Error("cancelled")));
      });
      return { done };
    },
    async preview() {
      throw new Error("not used");
    },
  };
  return { engine, started, finish: () => finish?.() };
}

function collect(service: ReturnType<typeof makeService>["service"]): RunEvent[] {
  const events: RunEvent[] = [];
  service.on("run-event", (e) => events.push(e));
  return events;
}

describe("runs.* with a fake engine", () => {
  it("starts in the background, pushes events, resolves datasets against the templates dir, passes stored keys", async () => {
    const fakeRun = fakeEngine();
    env = makeService({ engine: fakeRun.engine, mode: "electron", secrets: fakeSecrets() });
    await env.service.call("models.save", { name: "reasoner", config: templateDoc().models.reasoner, apiKey: "sk-stored" });
    const events = collect(env.service);
    const doc = templateDoc();
    // The caller picks the id, so the event that comes before the answer names a run it knows.
    const answer = await env.service.call("runs.start", { doc, label: "first", runId: "run1-0001" });
    expect(answer).toEqual({ started: true, runId: "run1-0001" });
    const { runId } = answer;
    expect(events).toEqual([expect.objectContaining({ type: "run-started", runId })]);
    expect(fakeRun.started[0].runId).toBe(runId);
    const options = fakeRun.started[0];
    expect(options.baseDir).toBe(TEMPLATES);
    expect(options.label).toBe("first");
    expect(options.apiKeys).toEqual({ reasoner: "sk-stored" });
    expect(options.doc).toEqual(doc); // never rewritten
    expect(JSON.stringify(events)).not.toContain("sk-stored");
    fakeRun.finish();
  });

  it("cancels through the signal and reports the end when the engine gave none", async () => {
    const fakeRun = fakeEngine();
    env = makeService({ engine: fakeRun.engine });
    const events = collect(env.service);
    const { runId } = await env.service.call("runs.start", { doc: templateDoc() });
    expect(runId).toMatch(RUN_ID_PATTERN); // picked by the service when the caller did not
    await env.service.call("runs.cancel", { runId });
    expect(fakeRun.started[0].signal.aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 10));
    expect(events.at(-1)).toMatchObject({ type: "run-finished", runId, status: "cancelled", error: "cancelled" });
  });

  it("refuses to start an invalid pipeline and returns its problems", async () => {
    const fakeRun = fakeEngine();
    env = makeService({ engine: fakeRun.engine });
    const doc = templateDoc();
    doc.edges[0] = { ...doc.edges[0], source: "ghost" };
    const error = await env.service.call("runs.start", { doc }).catch((e) => e);
    expect(error.message).toMatch(/problem/);
    expect(error.problems.some((p: { code: string }) => p.code === "dangling-edge")).toBe(true);
    expect(fakeRun.started).toHaveLength(0);
  });

  it("refuses a run id that is not one", async () => {
    const fakeRun = fakeEngine();
    env = makeService({ engine: fakeRun.engine });
    await expect(env.service.call("runs.start", { doc: templateDoc(), runId: "../x" })).rejects.toThrow(/params\.runId: a run id is the start time in base 36/);
    expect(fakeRun.started).toHaveLength(0);
  });

  it("uses the base dir remembered for a saved pipeline", async () => {
    const fakeRun = fakeEngine();
    env = makeService({ engine: fakeRun.engine });
    const saved = await env.service.call("pipelines.save", { doc: templateDoc() });
    await env.service.setBaseDir(saved.id, "/data/imported");
    await env.service.call("runs.start", { doc: saved.doc, pipelineId: saved.id });
    expect(fakeRun.started[0].baseDir).toBe("/data/imported");
  });

  it("names runs that do not exist", async () => {
    env = makeService({ engine: fakeEngine().engine });
    await expect(env.service.call("runs.get", { runId: "nope" })).rejects.toThrow(/nope/);
    await expect(env.service.call("runs.cancel", { runId: "nope" })).rejects.toThrow(/nope/);
    await expect(env.service.call("runs.results", { runId: "nope", nodeId: "x" })).rejects.toThrow(/nope/);
  });
});

describe("runs.* with the real engine", () => {
  /** The CoT template on its sample dataset, pointed at the fake server. */
  function docFor(url: string): PipelineDoc {
    const doc = templateDoc("cot.json");
    for (const name of Object.keys(doc.models)) doc.models[name] = { ...doc.models[name], baseUrl: url, apiKeyEnv: undefined };
    return doc;
  }

  it("runs a template over its relative dataset, streams events, then reads the run back", async () => {
    fake = await startFakeOpenAI({});
    env = makeService({ env: {} });
    const events = collect(env.service);
    const doc = docFor(fake.url);
    const finished = new Promise<RunEvent>((resolve) => env.service.on("run-event", (e) => e.type === "run-finished" && resolve(e)));
    const { runId } = await env.service.call("runs.start", { doc, limit: 3, label: "smoke" });
    const end = await finished;
    expect(end).toMatchObject({ type: "run-finished", runId, status: "done" });
    expect(events[0]).toMatchObject({ type: "run-started", runId });
    expect(fake.calls).toBeGreaterThan(0);
    const run = await env.service.call("runs.get", { runId });
    expect(run).toMatchObject({ id: runId, label: "smoke", status: "done" });
    const results = await env.service.call("runs.results", { runId, nodeId: "reason" });
    expect(results.total).toBe(3);
    expect((await env.service.call("runs.list", undefined)).map((r) => r.id)).toEqual([runId]);
    await env.service.call("runs.rename", { runId, label: "renamed" });
    expect((await env.service.call("runs.get", { runId })).label).toBe("renamed");
    await env.service.call("runs.delete", { runId });
    expect(await env.service.call("runs.list", undefined)).toEqual([]);
  });
});
