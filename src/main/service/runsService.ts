/**
 * runs.*: starts runs in the background (every RunEvent goes to the event hub as "run-event"), cancels them,
 * and reads past runs from the store. runs.start validates the document once into a plan (the engine's), runs
 * the pre-flight on it when asked, and records the run under an id known before its first event.
 */
import type { Params, Result, RunCheck, RunRequest } from "../../shared/contract";
import type { RunEvent } from "../../shared/events";
import type { ModelCheckOptions } from "../engine/modelCheck";
import type { ModelConfig } from "../../shared/pipeline/schema";
import type { BaseDirs } from "./baseDirs";
import { listServerModels, type ProviderFactory } from "./connectionCheck";
import { environmentProblems } from "../engine/environmentCheck";
import { notFound, ServiceError } from "./errors";
import type { EventHub } from "./eventHub";
import type { ModelKeys } from "./modelKeys";
import type { PlannedRun, RunEngine } from "./runEnginePort";
import type { Store } from "../store/store";
import { newRunId } from "../store/runsRepo";

type RunMethods = "runs.preview" | "runs.start" | "runs.cancel" | "runs.list" | "runs.get" | "runs.rename" | "runs.delete" | "runs.results";
export type RunHandlers = { [M in RunMethods]: (params: Params<M>) => Promise<Result<M>> };

export interface RunsDeps {
  store: Store;
  engine: () => Promise<RunEngine>;
  baseDirs: BaseDirs;
  keys: ModelKeys;
  hub: EventHub;
  env: NodeJS.ProcessEnv;
  /** Creates providers to ask servers for their model lists (the pre-flight). */
  providers: () => Promise<ProviderFactory>;
  /** Time limit of one model list in the pre-flight (5 s). */
  listTimeoutMs?: number;
  /** The pre-flight's TCP check and local discovery (tests inject them). */
  preflight?: Pick<ModelCheckOptions, "reach" | "timeoutMs" | "discover">;
}

export interface RunsService {
  handlers: RunHandlers;
  /** Cancels every active run and waits (at most `waitMs`) for them to end (app shutdown). */
  cancelAll(waitMs?: number): Promise<void>;
}

export function runsService({ store, engine, baseDirs, keys, hub, env, providers, listTimeoutMs, preflight }: RunsDeps): RunsService {
  const active = new Map<string, { controller: AbortController; done: Promise<unknown> }>();

  /** Where the run's files resolve and the stored keys of its models (`doc`: the validated one, when planned). */
  async function prepare<R extends RunRequest>(request: R) {
    const baseDir = await baseDirs.forPipeline(request.pipelineId);
    baseDirs.noteDatasets(request.doc, baseDir);
    const apiKeys: Record<string, string> = {};
    for (const name of Object.keys(request.doc.models)) {
      const key = await keys.reveal(name);
      if (key) apiKeys[name] = key;
    }
    return { ...request, baseDir, apiKeys, env };
  }

  async function existingRun(runId: string) {
    const run = await store.runs.get(runId);
    if (!run) throw notFound("run", runId);
    return run;
  }

  /** The pre-flight of `cascade run` (engine/modelCheck.ts) on the run's plan, asking answering servers for their lists too. */
  async function check(planned: PlannedRun, baseDir: string): Promise<RunCheck> {
    const factory = await providers();
    // The planner and the providers' pre-flight load only when asked.
    const [{ checkRunModels }, { checkableModelIds }] = await Promise.all([import("../engine/modelCheck"), import("../providers/preflight")]);
    const listModels = async (name: string, config: ModelConfig) => {
      const outcome = await listServerModels(factory, config, env, await keys.reveal(name), listTimeoutMs);
      return outcome.ok ? checkableModelIds(config, outcome.listed) : null;
    };
    const { problems, message } = await checkRunModels(planned.doc, { ...preflight, baseDir, listModels, style: "app", models: planned.models });
    // A missing dataset file or API key stops the run here, in one message, not as an error per item.
    const missing = await environmentProblems(planned.doc, { baseDir, env, hasStoredKey: (name) => keys.has(name), style: "app" });
    const missingText = missing.map((p) => p.message).join("\n");
    return { problems: problems.map(({ kind, where, models, reason }) => ({ kind, where, models, reason })), message: [missingText, message].filter(Boolean).join("\n") || null };
  }

  const handlers: RunHandlers = {
    "runs.preview": async (params) => (await engine()).preview(await prepare(params)),
    "runs.start": async ({ check: wantCheck, runId: chosen, ...request }) => {
      const runId = chosen ?? newRunId();
      const eng = await engine();
      const planned = eng.plan(request); // the one validation of the document
      const prepared = await prepare({ ...request, doc: planned.doc });
      if (wantCheck) {
        const found = await check(planned, prepared.baseDir);
        if (found.message) return { started: false, runId, check: found };
      }
      const outputDir = baseDirs.outputDirFor(prepared.baseDir, planned.doc.name);
      const options = outputDir ? { ...prepared, outputDir } : prepared;
      const controller = new AbortController();
      let finished = false;
      const onEvent = (event: RunEvent) => {
        if (event.type === "run-finished") finished = true;
        hub.emit("run-event", event);
      };
      const started = eng.start(planned, { ...options, runId, signal: controller.signal, onEvent });
      const done = started.done.then(
        () => undefined,
        (error: unknown) => {
          // The engine normally reports its own failure; make sure subscribers always see the end of the run.
          if (!finished)
            hub.emit("run-event", {
              type: "run-finished",
              runId,
              status: controller.signal.aborted ? "cancelled" : "failed",
              totals: { items: 0, itemsDone: 0, itemsFailed: 0, calls: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, errors: 1 },
              metrics: {},
              error: error instanceof Error ? error.message : String(error),
              at: Date.now(),
            });
        },
      );
      active.set(runId, { controller, done });
      void done.finally(() => active.delete(runId));
      return { started: true, runId };
    },
    "runs.cancel": async ({ runId }) => {
      const run = active.get(runId);
      if (run) return void run.controller.abort();
      await existingRun(runId); // a finished run: nothing to cancel
    },
    "runs.list": async () => store.runs.list(),
    "runs.get": async ({ runId }) => {
      const run = await existingRun(runId);
      baseDirs.noteDatasets(run.doc, await baseDirs.forPipeline(run.pipelineId));
      return run;
    },
    "runs.rename": async ({ runId, label }) => {
      await existingRun(runId);
      await store.runs.rename(runId, label);
    },
    "runs.delete": async ({ runId }) => {
      if (active.has(runId)) throw new ServiceError(`run "${runId}" is still running; cancel it first`);
      await existingRun(runId);
      await store.runs.delete(runId);
    },
    "runs.results": async (query) => {
      await existingRun(query.runId);
      return store.runs.results(query);
    },
  };

  return {
    handlers,
    async cancelAll(waitMs = 10_000) {
      const runs = [...active.values()];
      for (const run of runs) run.controller.abort();
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)));
      await Promise.race([Promise.allSettled(runs.map((r) => r.done)), limit]);
      clearTimeout(timer);
    },
  };
}
