/**
 * experiments.*: the app's side of `cascade sweep`, over the same code (experiment/documentCells.ts,
 * sweepPreview.ts, runSweep.ts, shared/experiment/matrix.ts). A preview is the sweep preview of the document's
 * experiment section; a start checks what the cells need from this machine (dataset files, API keys, answering
 * servers), then runs the cells in the background, each a normal run whose events reach pages like any run's;
 * `experiment-event`s say when a cell starts, moves on and ends, and when the experiment ends or stops at its
 * cap. `experiments.get` gives the cells' state and the matrix over the finished cells. Each experiment's state is
 * saved in the store as it changes (store/experimentsRepo.ts), so `experiments.list` and `experiments.get` also
 * answer for experiments of an earlier session (storedExperiment.ts says how they stand now).
 */
import { randomBytes } from "node:crypto";
import type { Params, Result } from "../../shared/contract";
import { ExperimentError } from "../../shared/experiment/axes";
import { cellName, type Cell } from "../../shared/experiment/cells";
import { experimentMatrix } from "../../shared/experiment/matrix";
import { formatRunId } from "../../shared/runId";
import { loadRunForCompare } from "../compare/loadRunForCompare";
import { environmentProblems } from "../engine/environmentCheck";
import { checkModelsAnswer, type ModelCheckOptions } from "../engine/modelCheck";
import { documentCells } from "../experiment/documentCells";
import { runSweep } from "../experiment/runSweep";
import { previewSweep } from "../experiment/sweepPreview";
import { readPriceOverrides } from "../pricing/priceSettings";
import type { Store } from "../store/store";
import type { BaseDirs } from "./baseDirs";
import { notFound, ServiceError } from "./errors";
import type { EventHub } from "./eventHub";
import { cellInfo, experimentSaver, ExperimentRecord } from "../experiment/experimentRecord";
import { experimentSummary, storedExperiment } from "./storedExperiment";
import type { ModelKeys } from "./modelKeys";

type ExperimentMethods = "experiments.preview" | "experiments.start" | "experiments.get" | "experiments.cancel" | "experiments.list";
export type ExperimentHandlers = { [M in ExperimentMethods]: (params: Params<M>) => Promise<Result<M>> };

export interface ExperimentsDeps {
  store: Store;
  baseDirs: BaseDirs;
  keys: ModelKeys;
  hub: EventHub;
  env: NodeJS.ProcessEnv;
  /** The pre-flight's TCP check and local discovery (tests inject them), as runs.start's. */
  preflight?: Pick<ModelCheckOptions, "reach" | "timeoutMs" | "discover">;
}

export function experimentsService({ store, baseDirs, keys, hub, env, preflight }: ExperimentsDeps) {
  const experiments = new Map<string, ExperimentRecord>();

  async function define(doc: Params<"experiments.preview">["doc"], pipelineId?: string) {
    const baseDir = await baseDirs.forPipeline(pipelineId);
    baseDirs.noteDatasets(doc, baseDir);
    try {
      return { baseDir, ...(await documentCells(doc, baseDir)) };
    } catch (e) {
      if (e instanceof ExperimentError) throw new ServiceError(`experiment: ${e.message}`);
      throw e;
    }
  }

  /** What `cascade sweep` checks before it starts, for every cell: files, keys, and servers that answer. */
  async function check(cells: readonly Cell[], baseDir: string): Promise<void> {
    const advice = new Set<string>();
    for (const c of cells) {
      for (const p of await environmentProblems(c.doc, { baseDir, env, hasStoredKey: (name) => keys.has(name), style: "app" })) advice.add(p.message);
      const answer = await checkModelsAnswer(c.doc, { ...preflight, baseDir, style: "app" });
      if (answer) advice.add(`${cellName(c.index)}: ${answer}`);
    }
    if (advice.size) throw new ServiceError(`the experiment cannot start:\n${[...advice].join("\n")}`);
  }

  function record(experimentId: string): ExperimentRecord {
    const r = experiments.get(experimentId);
    if (!r) throw notFound("experiment", experimentId);
    return r;
  }

  /** The experiment's state: as this service runs it, else as the store keeps it from an earlier session. */
  function stateOf(experimentId: string) {
    const running = experiments.get(experimentId);
    if (running) return running.state;
    const row = store.experiments.get(experimentId);
    if (!row) throw notFound("experiment", experimentId);
    return storedExperiment(row.state, (runId) => store.runs.has(runId));
  }

  const handlers: ExperimentHandlers = {
    "experiments.preview": async ({ doc, pipelineId, limit }) => {
      const { cells, order, baseDir } = await define(doc, pipelineId);
      const p = await previewSweep(cells, order, { baseDir, store, limit, priceOverrides: readPriceOverrides(store) });
      return { cells: cells.map(cellInfo), order: order.map(cellName), perCell: p.cells, calls: p.calls, cacheHits: p.cacheHits, conditionalCalls: p.conditionalCalls, inputTokens: p.inputTokens, outputTokens: p.outputTokens, costUsd: p.costUsd };
    },
    "experiments.start": async ({ doc, pipelineId, limit, experimentId: chosen }) => {
      const experimentId = chosen ?? formatRunId(Date.now(), randomBytes(2));
      if (experiments.has(experimentId) || store.experiments.get(experimentId)) throw new ServiceError(`experiment "${experimentId}" exists already`);
      const { cells, order, baseDir } = await define(doc, pipelineId);
      const { maxCalls, maxCostUsd } = doc.experiment ?? {};
      const priceOverrides = readPriceOverrides(store);
      if (maxCostUsd !== undefined && (await previewSweep(cells, order, { baseDir, store, limit, priceOverrides })).costUsd === null)
        throw new ServiceError("experiment: a model's price is unknown, so the cost cannot be capped (give the model a price, or cap the calls instead)");
      await check(cells, baseDir);
      const apiKeys: Record<string, string> = {};
      for (const name of Object.keys(doc.models)) {
        const key = await keys.reveal(name);
        if (key) apiKeys[name] = key;
      }
      const r = new ExperimentRecord(experimentId, cells.map(cellInfo), order.map(cellName), (e) => hub.emit("experiment-event", e), experimentSaver(store, pipelineId, doc.name));
      experiments.set(experimentId, r);
      const outputDir = baseDirs.outputDirFor(baseDir, doc.name);
      const sweep = runSweep(cells, order, {
        experimentId, baseDir, store, limit, maxCalls, maxCostUsd, priceOverrides,
        signal: r.controller.signal,
        run: {
          origin: "app",
          env,
          pipelineId,
          resolveApiKey: (name) => apiKeys[name],
          ...(outputDir ? { outputDir } : {}),
          onEvent: (e) => {
            hub.emit("run-event", e);
            r.runEvent(e);
          },
        },
        ...r.sweepCallbacks(),
      });
      r.done = r.settle(sweep, r.controller.signal).then(
        () => undefined,
        () => undefined, // the record says it failed, and why
      );
      return { experimentId, cells: cells.map(cellInfo), order: order.map(cellName) };
    },
    "experiments.get": async ({ experimentId, by }) => {
      const state = stateOf(experimentId);
      const finished = state.cells.filter((c) => c.runId && (c.status === "done" || c.status === "failed"));
      const matrix = finished.length ? experimentMatrix(finished.map((c) => ({ index: c.cell, run: loadRunForCompare(store, c.runId!, undefined, by ?? []) })), { by }) : null;
      return { ...state, cells: state.cells.map((c) => ({ ...c })), matrix };
    },
    "experiments.cancel": async ({ experimentId }) => {
      if (!experiments.has(experimentId) && store.experiments.get(experimentId)) throw new ServiceError(`experiment "${experimentId}" is not running`);
      record(experimentId).controller.abort();
    },
    "experiments.list": async ({ pipelineId, limit }) =>
      store.experiments.list({ pipelineId, limit }).map((row) => experimentSummary(row, experiments.get(row.experimentId)?.state ?? storedExperiment(row.state, (runId) => store.runs.has(runId)))),
  };

  return {
    handlers,
    /** Stops every running experiment and waits for its running cell to end (app shutdown). */
    async cancelAll(): Promise<void> {
      const running = [...experiments.values()].filter((r) => r.state.status === "running");
      for (const r of running) r.controller.abort();
      await Promise.allSettled(running.map((r) => r.done));
    },
  };
}
