/** Public options of a run and the shapes shared by the engine's parts. */
import type { RunEvent } from "../../shared/events";
import type { NodeKindDef } from "../../shared/nodes/kind";
import type { ModelConfig, PipelineDoc } from "../../shared/pipeline/schema";
import type { EndpointLimiters } from "../providers/limiter";
import type { Provider } from "../providers/types";
import type { Store } from "../store/store";
import type { Executor } from "./nodes/types";

export interface RunOptions {
  doc: PipelineDoc;
  /** The doc already validated into a plan (with its toNode/fromNode/plugins): not parsed again. */
  plan?: import("./plan").Plan;
  /** The id of the run (of repeat 0), chosen by the caller so it knows the run before its first event. */
  runId?: string;
  /** Dataset files and image paths resolve against it (the pipeline file's folder). */
  baseDir: string;
  /** Relative output paths (an export's outPath) resolve against it instead of baseDir (see ./outputPaths.ts). */
  outputDir?: string;
  store: Store;
  label?: string;
  pipelineId?: string;
  /** Run on the first N items only. */
  limit?: number;
  /** Run only these items. */
  itemIds?: string[];
  /** Do not read the cache (replies are still written to it). */
  noCache?: boolean;
  /** Run only this node and its ancestors. */
  toNode?: string;
  /** Run this node and its descendants; their ancestors read the cache even when noCache is set. */
  fromNode?: string;
  /** Default per-model concurrency (8); a model's own `concurrency` wins. */
  concurrency?: number;
  signal?: AbortSignal;
  onEvent?: (e: RunEvent) => void;
  /** Lines about the dataset source's own work before items flow (a hub dataset's downloads); the CLI prints them on stderr. */
  onSourceProgress?: (line: string) => void;
  /** Where apiKeyEnv is looked up (default process.env). */
  env?: Record<string, string | undefined>;
  resolveApiKey?: (modelName: string, config: ModelConfig) => string | undefined;
  /** Builds a model's provider; `limiters` are the run's endpoint limiters (pass them to createProvider). */
  providerFactory?: (modelName: string, config: ModelConfig, context: { limiters: EndpointLimiters }) => Provider;
  /**
   * The endpoint limiters the run's providers share (one per server, see providers/limiter.ts). The service
   * passes its own, so runs it starts at the same time share a server's limit; default: the run's own.
   */
  limiters?: EndpointLimiters;
  /** Extra node kinds with their executors (plug-ins, tests). */
  plugins?: { kind: NodeKindDef<any>; executor: Executor }[];
  /** Items processed at once (default: 4 × the total model concurrency, at least 32). */
  /** batch: true models: quiet time before gathered calls go out as a batch, and time between polls (ms). */
  batchGatherMs?: number;
  batchPollMs?: number;
  maxItemsInFlight?: number;
  /** Minimum interval between progress events (default 100 ms). */
  progressIntervalMs?: number;
  /** How often the run's heartbeat is written (default $CASCADE_HEARTBEAT_MS, else 5 s; see store/runLiveness.ts). */
  heartbeatIntervalMs?: number;
  /** Who starts the run, for its record (default "cli" with a commandLine, else "api"; see ./runRecord.ts). */
  origin?: "cli" | "app" | "api";
  /** The CLI command line that started the run, as typed (stored in the run record). */
  commandLine?: string[];
  /** Run the pipeline this many times, each repeat its own run (default settings.repeats, else 1; see ./repeats.ts). */
  repeats?: number;
  /** Prices by model name for models whose config sets no `price` (app settings "pricing"; see shared/pricing.ts). */
  priceOverrides?: import("../../shared/pricing").PriceOverrides;
  /** Calls in flight shared with runs going at the same time (a sweep's concurrent cells; see ./modelCalls.ts). */
  sharedCalls?: import("./modelCalls").InFlightCalls;
  /**
   * A call cache shared with other machines (`--shared-cache postgres://…`; store/shared/sharedCallCache.ts):
   * asked when the local cache misses, and given every new answer. The caller opens and closes it.
   */
  sharedCache?: import("../store/shared/sharedCallCache").SharedCallCache;
}

export interface RunHandle {
  runId: string;
  done: Promise<import("../../shared/contract").RunSummary>;
}

/** How a node ended for one item, as seen by its downstream nodes. */
export type Outcome =
  | { status: "ok"; output: Record<string, import("../../shared/values").Value> }
  | { status: "failed"; origin: string }
  | { status: "dropped" }
  | { status: "pending" }
  | { status: "cancelled" };

/** Raised when a run is cancelled; never written as an item error. Any error after the signal fired counts as one. */
export class CancelledError extends Error {
  constructor() {
    super("cancelled");
    this.name = "CancelledError";
  }
}

export function isCancellation(e: unknown, signal?: AbortSignal): boolean {
  return e instanceof CancelledError || signal?.aborted === true;
}

/** An Error carrying the validator's problems (startRun on an invalid pipeline). */
export class PipelineInvalidError extends Error {
  constructor(
    message: string,
    readonly problems: import("../../shared/pipeline/problems").Problem[],
  ) {
    super(message);
    this.name = "PipelineInvalidError";
  }
}
