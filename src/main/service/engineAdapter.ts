/**
 * The default RunEngine: src/main/engine's buildPlan, startRun and previewRun over the real store. Stored API
 * keys reach the engine through resolveApiKey (by the model's name in the doc); they never enter the doc, the
 * run or an event.
 */
import type { RunRequest } from "../../shared/contract";
import { buildPlan, PipelineInvalidError, previewRun, startRun } from "../engine";
import { EndpointLimiters } from "../providers/limiter";
import { readPriceOverrides } from "../pricing/priceSettings";
import type { SharedCallCache } from "../store/shared/sharedCallCache";
import type { Store } from "../store/store";
import { ServiceError } from "./errors";
import type { PlannedRun, RunEngine } from "./runEnginePort";
import { sharedDatabase, type SharedDatabase } from "./sharedDatabase";

/**
 * The request's document validated into a plan, once: dispatch already parsed it with PipelineDocSchema, so only
 * the graph checks run here (fake engines in tests use it too).
 */
export function planRun(request: RunRequest): PlannedRun {
  try {
    const plan = buildPlan(request.doc, { toNode: request.toNode, fromNode: request.fromNode, shapeChecked: true });
    return { doc: plan.doc, models: plan.models, plan };
  } catch (e) {
    if (e instanceof PipelineInvalidError) throw new ServiceError(`the pipeline has ${e.problems.length} problem(s); fix them before running`, e.problems);
    throw new ServiceError((e as Error).message);
  }
}

/**
 * `env`'s CASCADE_SHARED_CACHE, when set, gives the app's runs the shared call cache of `cascade run
 * --shared-cache` (opened on the first run; a server that cannot be reached fails that run, named).
 */
export function defaultEngine(store: Store, env: Record<string, string | undefined> = {}, shared: SharedDatabase = sharedDatabase(env)): RunEngine {
  // One limiter per endpoint for the service: runs started at the same time share a server's limit.
  const limiters = new EndpointLimiters();
  return {
    plan: planRun,
    start(planned, { apiKeys, ...options }) {
      const run = (cache?: SharedCallCache) =>
        startRun({ ...options, doc: planned.doc, plan: planned.plan, store, limiters, origin: "app", resolveApiKey: (name) => apiKeys[name], priceOverrides: readPriceOverrides(store), ...(cache ? { sharedCache: cache } : {}) }).done;
      return { done: shared.url ? shared.open().then(run) : run() };
    },
    async preview({ apiKeys, ...options }) {
      try {
        return await previewRun({ ...options, store, resolveApiKey: (name) => apiKeys[name] });
      } catch (e) {
        throw new ServiceError(`runs.preview: ${(e as Error).message}`);
      }
    },
  };
}
