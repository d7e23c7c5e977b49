export { startRun, DEFAULT_CONCURRENCY } from "./startRun";
export { buildPlan, type Plan, type PlannedNode } from "./plan";
export { cacheKey } from "./cacheKey";
export { previewRun, type PreviewOptions } from "./preview";
export { PipelineInvalidError, type RunOptions, type RunHandle } from "./types";
export type { Executor, PerItemExecutor, AggregateExecutor, SourceExecutor, ExecResult, AggregateInputRow } from "./nodes/types";
