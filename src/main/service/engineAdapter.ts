/**
 * The default RunEngine: src/main/engine's startRun over the real store. Stored API keys reach the engine
 * through resolveApiKey (by the model's name in the doc); they never enter the doc, the run or an event.
 */
import type { RunPreview } from "../../shared/contract";
import * as engineModule from "../engine";
import { PipelineInvalidError, startRun } from "../engine";
import type { Store } from "../store/store";
import { ServiceError } from "./errors";
import type { EngineRunOptions, RunEngine } from "./runEnginePort";

type PreviewFn = (options: Record<string, unknown>) => Promise<RunPreview> | RunPreview;

export function defaultEngine(store: Store): RunEngine {
  return {
    async start({ apiKeys, ...options }: EngineRunOptions) {
      try {
        return startRun({ ...options, store, resolveApiKey: (name) => apiKeys[name] });
      } catch (e) {
        if (e instanceof PipelineInvalidError) throw new ServiceError(e.message, e.problems);
        throw e;
      }
    },
    async preview({ apiKeys, ...options }) {
      // The engine owns preview (rendering prompts, cache lookups); it is used as soon as it exports previewRun.
      const previewRun = (engineModule as Record<string, unknown>).previewRun as PreviewFn | undefined;
      if (typeof previewRun !== "function") throw new ServiceError("runs.preview: this build's engine has no previewRun");
      return previewRun({ ...options, store, resolveApiKey: (name: string) => apiKeys[name] });
    },
  };
}
