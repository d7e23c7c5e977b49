/**
 * What the runs service needs from the engine (src/main/engine). ./engineAdapter.ts maps it onto the
 * engine's own `startRun(opts) → { runId, done }`; tests can pass a fake with the same shape.
 */
import type { RunPreview, RunRequest } from "../../shared/contract";
import type { RunEvent } from "../../shared/events";

export interface EngineRunOptions extends RunRequest {
  /** Folder that relative dataset paths of `doc` are resolved against (the doc itself is not rewritten). */
  baseDir: string;
  /** Relative output paths (an export's outPath) resolve against it instead; set for template-based pipelines. */
  outputDir?: string;
  /** Keys of models that have a stored key, by the model's name in the doc. */
  apiKeys: Record<string, string>;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  onEvent: (event: RunEvent) => void;
}

export interface RunEngine {
  start(options: EngineRunOptions): Promise<{ runId: string; done: Promise<unknown> }>;
  preview(options: Omit<EngineRunOptions, "signal" | "onEvent"> & { itemId?: string }): Promise<RunPreview>;
}
