/**
 * What the runs service needs from the engine (src/main/engine). ./engineAdapter.ts maps it onto the
 * engine's own `buildPlan`, `startRun` and `previewRun`; tests can pass a fake with the same shape.
 */
import type { RunPreview, RunRequest } from "../../shared/contract";
import type { RunEvent } from "../../shared/events";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import type { Plan } from "../engine/plan";

/** A request's document validated once into the engine's plan: the pre-flight and the run read it, nothing parses it again. */
export interface PlannedRun {
  /** The validated document. */
  doc: PipelineDoc;
  /** The names of the models the planned nodes call. */
  models: string[];
  plan: Plan;
}

export interface EngineRunOptions extends RunRequest {
  /** The run's id, known before its first event (the caller's, or one the service picked). */
  runId: string;
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
  /** Throws a ServiceError listing every problem of an invalid document (or a bad toNode/fromNode). */
  plan(request: RunRequest): PlannedRun;
  /** Records the run under options.runId and runs it in the background; events come after this returns. */
  start(planned: PlannedRun, options: EngineRunOptions): { done: Promise<unknown> };
  preview(options: Omit<EngineRunOptions, "signal" | "onEvent" | "runId"> & { itemId?: string }): Promise<RunPreview>;
}
