/**
 * runs.*: starts runs in the background (every RunEvent goes to the event hub as "run-event"), cancels them,
 * and reads past runs from the store.
 */
import type { Params, Result, RunRequest } from "../../shared/contract";
import type { RunEvent } from "../../shared/events";
import { parsePipeline } from "../../shared/pipeline/validate";
import type { ModelCheckOptions } from "../engine/modelCheck";
import type { ModelConfig } from "../../shared/pipeline/schema";
import type { BaseDirs } from "./baseDirs";
import { listServerModels, type ProviderFactory } from "./connectionCheck";
import { environmentProblems } from "../engine/environmentCheck";
import { notFound, ServiceError } from "./errors";
import type { EventHub } from "./eventHub";
import type { ModelKeys } from "./modelKeys";
import type { RunEngine } from "./runEnginePort";
import type { Store } from "../store/store";

type RunMethods = "runs.preview" | "runs.check" | "runs.start" | "runs.cancel" | "runs.list" | "runs.get" | "runs.rename" | "runs.delete" | "runs.results";
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

  async function prepare(request: RunRequest) {
    const { problems } = parsePipeline(request.doc);
    if (problems.length) throw new ServiceError(`the pipeline has ${problems.length} problem(s); fix them before running`, problems);
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

  /** The pre-flight of `cascade run` (engine/modelCheck.ts), asking answering servers for their lists too. */
  async function check(request: RunRequest) {
    const { baseDir } = await prepare(request);
    const factory = await providers();
    // The planner and the providers' pre-flight load only when asked.
    const [{ checkRunModels }, { checkableModelIds }] = await Promise.all([import("../engine/modelCheck"), import("../providers/preflight")]);
    const listModels = async (name: string, config: ModelConfig) => {
      const outcome = await listServerModels(factory, config, env, await keys.reveal(name), listTimeoutMs);
      return outcome.ok ? checkableModelIds(config, outcome.listed) : null;
    };
    const { problems, message } = await checkRunModels(request.doc, { ...preflight, baseDir, listModels, style: "app", toNode: request.toNode, fromNode: request.fromNode });
    // A missing dataset file or API key stops the run here, in one message, not as an error per item.
    const missing = await environmentProblems(request.doc, { baseDir, env, hasStoredKey: (name) => keys.has(name), style: "app" });
    const missingText = missing.map((p) => p.message).join("\n");
    return { problems: problems.map(({ kind, where, models, reason }) => ({ kind, where, models, reason })), message: [missingText, message].filter(Boolean).join("\n") || null };
  }

  const handlers: RunHandlers = {
    "runs.preview": async (params) => (await engine()).preview(await prepare(params)),
    "runs.check": check,
    "runs.start": async (params) => {
      const prepared = await prepare(params);
      const outputDir = baseDirs.outputDirFor(prepared.baseDir, params.doc.name);
      const options = outputDir ? { ...prepared, outputDir } : prepared;
      const controller = new AbortController();
      let finished = false;
      let runId = "";
      const onEvent = (event: RunEvent) => {
        if (event.type === "run-finished") finished = true;
        hub.emit("run-event", event);
      };
      const started = await (await engine()).start({ ...options, signal: controller.signal, onEvent });
      runId = started.runId;
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
      return { runId };
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
