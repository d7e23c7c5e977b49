/**
 * The default RunEngine: src/main/engine's startRun and previewRun over the real store. Stored API keys reach
 * the engine through resolveApiKey (by the model's name in the doc); they never enter the doc, the run or an event.
 */
import { PipelineInvalidError, previewRun, startRun } from "../engine";
import { EndpointLimiters } from "../providers/limiter";
import { readPriceOverrides } from "../pricing/priceSettings";
import type { Store } from "../store/store";
import { ServiceError } from "./errors";
import type { EngineRunOptions, RunEngine } from "./runEnginePort";

export function defaultEngine(store: Store): RunEngine {
  // One limiter per endpoint for the service: runs started at the same time share a server's limit.
  const limiters = new EndpointLimiters();
  return {
    async start({ apiKeys, ...options }: EngineRunOptions) {
      try {
        return startRun({ ...options, store, limiters, origin: "app", resolveApiKey: (name) => apiKeys[name], priceOverrides: readPriceOverrides(store) });
      } catch (e) {
        if (e instanceof PipelineInvalidError) throw new ServiceError(e.message, e.problems);
        throw e;
      }
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
