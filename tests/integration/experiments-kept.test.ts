/**
 * Experiments outlive the service that ran them (store/experimentsRepo.ts, service/storedExperiment.ts): a
 * finished 2-cell experiment on Cas-SEAT is listed and gives the same cells and matrix from a new service over
 * the same database file; a cell whose run was deleted since is left out, named; an experiment recorded as
 * running that no service runs any more says it was interrupted and cannot be cancelled.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createService } from "../../src/main/service";
import { INTERRUPTED_CELL, RUN_DELETED } from "../../src/main/service/storedExperiment";
import { openStore } from "../../src/main/store";
import { databaseOf } from "../../src/main/store/database";
import type { PipelineDoc } from "../../src/shared/pipeline/schema";
import { startFakeOpenAI, type FakeServer } from "../fakes/openaiServer";
import { visualMathOracle } from "../fakes/visualMathOracle";
import { templateDoc, TEMPLATES } from "../unit/service/helpers";

let fake: FakeServer;
let dir: string;

beforeAll(async () => {
  process.env.CASCADE_KEPT_KEY = "sk-test";
  fake = await startFakeOpenAI({ reply: visualMathOracle(), models: ["A", "B", "qwen2.5-1.5b-instruct"] });
  dir = mkdtempSync(join(tmpdir(), "cascade-exp-kept-"));
});
afterAll(async () => {
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

function experimentDoc(): PipelineDoc {
  const doc = templateDoc("cas-seat.json");
  for (const m of Object.values(doc.models)) Object.assign(m, { baseUrl: fake.url, apiKeyEnv: "CASCADE_KEPT_KEY" });
  doc.experiment = { axes: [{ path: "models.reasoner.model", values: ["A", "B"] }] };
  return doc;
}

function serviceOn(path: string) {
  const store = openStore(path);
  const service = createService({ store, templatesDir: TEMPLATES, mode: "browser" });
  return { store, service, close: async () => (await service.close(), store.close()) };
}

describe("experiments kept in the store", () => {
  it("lists a finished experiment and gives the same cells and matrix after a restart; a deleted run's cell is left out", async () => {
    const path = join(dir, "kept.db");
    const first = serviceOn(path);
    const doc = experimentDoc();
    let experimentId: string;
    let before: Awaited<ReturnType<typeof first.service.call<"experiments.get">>>;
    try {
      const finished = new Promise<void>((resolve) => first.service.on("experiment-event", (e) => e.type === "experiment-finished" && resolve()));
      experimentId = (await first.service.call("experiments.start", { doc })).experimentId;
      await finished;
      before = await first.service.call("experiments.get", { experimentId });
      expect(before.status).toBe("done");
    } finally {
      await first.close();
    }

    const second = serviceOn(path);
    try {
      const listed = await second.service.call("experiments.list", {});
      expect(listed).toEqual([{ experimentId, name: doc.name, status: "done", startedAt: before.startedAt, finishedAt: before.finishedAt, cells: 2, cellsFinished: 2 }]);
      const after = await second.service.call("experiments.get", { experimentId });
      expect(after.cells).toEqual(before.cells);
      expect(after.matrix!.rows.map((r) => [r.runId, r.accuracy.value, r.calls])).toEqual(before.matrix!.rows.map((r) => [r.runId, r.accuracy.value, r.calls]));
      await expect(second.service.call("experiments.cancel", { experimentId })).rejects.toThrow(`experiment "${experimentId}" is not running`);
      await expect(second.service.call("experiments.start", { doc, experimentId })).rejects.toThrow(`experiment "${experimentId}" exists already`);

      const gone = before.cells[1].runId!;
      await second.service.call("runs.delete", { runId: gone });
      const pruned = await second.service.call("experiments.get", { experimentId });
      expect(pruned.cells[1]).toMatchObject({ status: "left-out", leftOut: RUN_DELETED(gone) });
      expect(pruned.matrix!.rows.map((r) => r.runId)).toEqual([before.cells[0].runId]);
      expect((await second.service.call("experiments.list", {}))[0].cellsFinished).toBe(1);
    } finally {
      await second.close();
    }
  }, 180_000);

  it("says an experiment recorded as running that no service runs was interrupted, its unfinished cells left out", async () => {
    const path = join(dir, "interrupted.db");
    const store = openStore(path);
    const cells = [0, 1, 2].map((cell) => ({ cell, name: `c${cell + 1}`, values: [{ path: "models.reasoner.model", label: "A" }], itemsDone: 0, items: 18 }));
    store.experiments.save({
      experimentId: "exp-1",
      pipelineId: "pl-1",
      name: "Cas-SEAT",
      state: { experimentId: "exp-1", status: "running", startedAt: 1, order: ["c1", "c2", "c3"], capReached: null, cells: [{ ...cells[0], status: "running", runId: "run-that-died" }, { ...cells[1], status: "waiting" }, { ...cells[2], status: "waiting" }] },
    });
    store.close();
    const env = serviceOn(path);
    try {
      const state = await env.service.call("experiments.get", { experimentId: "exp-1" });
      expect(state.status).toBe("interrupted");
      expect(state.cells.map((c) => [c.status, c.leftOut])).toEqual(Array(3).fill(["left-out", INTERRUPTED_CELL]));
      expect(state.matrix).toBeNull();
      expect(await env.service.call("experiments.list", { pipelineId: "pl-1" })).toEqual([{ experimentId: "exp-1", name: "Cas-SEAT", pipelineId: "pl-1", status: "interrupted", startedAt: 1, cells: 3, cellsFinished: 0 }]);
      expect(await env.service.call("experiments.list", { pipelineId: "another" })).toEqual([]);
    } finally {
      await env.close();
    }
  });

  it("says a damaged stored experiment cannot be read, naming it, instead of failing the list", async () => {
    const path = join(dir, "damaged.db");
    const store = openStore(path);
    databaseOf(store).prepare("INSERT INTO experiments (id, pipeline_id, name, started_at, state) VALUES ('exp-bad', NULL, 'Cas-SEAT', 5, '{\"cells\": [')").run();
    store.close();
    const env = serviceOn(path);
    try {
      expect(await env.service.call("experiments.list", {})).toEqual([{ experimentId: "exp-bad", name: "Cas-SEAT", status: "failed", startedAt: 0, cells: 0, cellsFinished: 0 }]);
      const state = await env.service.call("experiments.get", { experimentId: "exp-bad" });
      expect(state.error).toBe("experiment exp-bad: its stored state cannot be read (the experiments table's row is damaged); its cells' runs are in the Runs tab");
      expect(state.matrix).toBeNull();
    } finally {
      await env.close();
    }
  });
});
