/**
 * The one typed contract between the UI and the Node side. The service layer (src/main/service) implements
 * every method; Electron IPC (preload) and the browser-mode WebSocket (src/main/server) only carry it.
 * The renderer calls `client.call(method, params)` and subscribes to `client.on(event, ...)`, never knowing
 * which carrier it has.
 */
import type { CompareOptions, CompareResult } from "./compare/types";

/** What the compare view may choose of `cascade compare`'s options (baseline: a run id). */
export type CompareRequestOptions = Pick<CompareOptions, "baseline" | "by" | "unscored" | "level" | "seed" | "resamples">;
import type { CallTrace, Metric, NodeCounts, RunTotals, Usage } from "./events";
import type { RunBatch } from "./runBatch";
import type { ModelConfig, PipelineDoc } from "./pipeline/schema";
import type { Problem } from "./pipeline/problems";
import type { RunRepeat } from "./repeats";
import type { ChatMessage, Value } from "./values";
import type { LocalModelOptions, ModelFetchState, PricingInfo } from "./providersContract";
import type { NodeReport, ReviewQueue, ReviewQueueItem } from "./reviewsContract";
import type { PARAM_SCHEMAS, ParamsOf } from "./contractParams";
import type { DatasetsResults } from "./datasetsContract";
import type { ExperimentEvent, ExperimentsResults } from "./experimentsContract";
import type { StorageResults } from "./storageContract";
import type { WorkersResults, WorkersRunProgress } from "./workersContract";
import type { LabResults } from "./labContract";

// The review and provider parts of the contract live beside it, one domain a file.
export type * from "./providersContract";
export type * from "./reviewsContract";
export type * from "./datasetsContract";
export type * from "./experimentsContract";
export type * from "./storageContract";
export type * from "./workersContract";
export type * from "./labContract";

export interface AppInfo {
  version: string;
  mode: "electron" | "browser";
  dataDir: string;
  dbPath: string;
  /** Where runs of template-based pipelines write their outputs (one folder per pipeline). */
  outputsDir: string;
  /** Whether API keys can be stored encrypted (Electron safeStorage); otherwise only environment variables. */
  canStoreSecrets: boolean;
}

export interface PipelineSummary {
  id: string;
  name: string;
  updatedAt: number;
  versions: number;
}

export interface PipelineVersionInfo {
  version: number;
  savedAt: number;
  hash: string;
  autosave: boolean;
}

export interface SavedPipeline {
  id: string;
  name: string;
  version: number;
  savedAt: number;
  doc: PipelineDoc;
}

export interface TemplateInfo {
  file: string;
  name: string;
  description: string;
}

/** A named model in the app's settings (keys are never part of it). */
export interface ModelEntry {
  name: string;
  config: ModelConfig;
  /** True when an encrypted key is stored for it (Electron only). */
  hasStoredKey: boolean;
}

export interface ConnectionTest {
  ok: boolean;
  message: string;
  latencyMs: number;
  models: string[];
}

/** What starts (previews) a run: the params of runs.preview without its itemId. */
export type RunRequest = Omit<ParamsOf<"runs.preview">, "itemId">;

/**
 * runs.start: the request, with the run's id when the caller picks it (shared/runId.ts; it then knows the run
 * before its first event) and whether the pre-flight runs first (`cascade run`'s check; the app's "Run anyway"
 * starts without it).
 */
export type RunStartRequest = ParamsOf<"runs.start">;

/** Started (events of `runId` follow), or held back by the pre-flight with what it found (nothing recorded). */
export type RunStartResult = { started: true; runId: string } | { started: false; runId: string; check: RunCheck };

/** One thing the pre-flight found wrong with a run's models (src/main/providers/preflight.ts). */
export interface RunCheckProblem {
  kind: "no-server" | "no-model-file" | "no-model" | "no-engine" | "no-batch-api";
  /** The endpoint URL, the GGUF path, or (no-engine) "node-llama-cpp". */
  where: string;
  /** Model names (keys of the pipeline's models) concerned. */
  models: string[];
  reason: string;
}

/** The pre-flight of a run: empty problems and a null message when every model it uses answers. */
export interface RunCheck {
  problems: RunCheckProblem[];
  /** What is wrong and what to do, for people; null when nothing is. */
  message: string | null;
}

/** One model-calling node's share of a preview. */
export interface PreviewNodeEstimate {
  nodeId: string;
  /** The model's name in the pipeline's `models`. */
  model: string;
  calls: number;
  /** Calls that are cache hits in the run: in the cache now, or made by an earlier call of the same key. */
  cachedCalls: number;
  /** Of cachedCalls, those made by an earlier call (of this run, or of an earlier cell of a sweep). */
  sharedCalls: number;
  /** Calls whose key depends on upstream replies not yet in the cache (counted as not cached). */
  unknownCalls: number;
  /**
   * Of the calls not cached, those the run may not make: whether it does depends on replies not in the cache
   * yet (a prompt's shortcut decides on them, or a node that may drop the item does, above the call).
   */
  conditionalCalls: number;
  /** Of the calls not cached only (cached calls send nothing). */
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
  /** null when the model has no price. */
  estimatedCostUsd: number | null;
}

export interface RunPreview {
  items: number;
  /**
   * Model calls the run would make, cache hits included. `calls − cachedCalls` is the most calls the run sends
   * (each call answering); `conditionalCalls` of them may not be sent. With none conditional the count is
   * exact for the items worked out exactly (see README "Preview"); it is once the deciding replies are cached.
   */
  calls: number;
  /** Cache hits in the run: in the cache now, or made by an earlier call with the same key. */
  cachedCalls: number;
  /** Tokens of the calls not cached (input ≈ characters / 4, images not counted; see `notes`). */
  estimatedInputTokens: number;
  estimatedOutputTokens: number;
  estimatedCostUsd: number | null;
  /**
   * Per node, the messages it would send for the chosen item. `exact` is false when an upstream reply is not
   * in the cache yet (a placeholder stands in for it); `cached` says whether this call's reply is cached.
   */
  messages: { nodeId: string; model: string; messages: ChatMessage[]; exact?: boolean; cached?: boolean; cacheKey?: string }[];
  problems: Problem[];
  /** The item the messages are for (the first selected one unless itemId was given). */
  itemId?: string;
  /** Items whose calls were worked out exactly (keys computed, cache looked up). */
  exactItems?: number;
  /** True when the counts of the other items are extrapolated from the exact ones: show them as estimates. */
  estimated?: boolean;
  /** Calls whose key cannot be known yet (upstream replies not cached); counted as not cached. */
  unknownCalls?: number;
  /** Of the calls not cached, those the run may not make (PreviewNodeEstimate.conditionalCalls). */
  conditionalCalls?: number;
  /** Per model-calling node. */
  nodes?: PreviewNodeEstimate[];
  /** Errors the chosen item would meet (e.g. a missing image), by node. */
  itemErrors?: { nodeId: string; error: string }[];
  /** How the estimates were made. */
  notes?: string[];
}

export interface RunSummary {
  id: string;
  label: string;
  pipelineName: string;
  pipelineHash: string;
  pipelineId?: string;
  datasetFingerprint: string;
  status: "running" | "done" | "failed" | "cancelled" | "interrupted";
  startedAt: number;
  finishedAt?: number;
  totals: RunTotals;
  metrics: Record<string, Metric[]>;
  /** When the run is one of the repeats of a run (settings.repeats; see shared/repeats.ts). */
  repeat?: RunRepeat;
  /** When the run was imported from a bundle (`cascade import`; its run record says so). */
  imported?: import("./runRecord").ImportedFrom;
}

/** What `bundles.import` did with each run of the bundle. */
export interface BundleImportResult {
  appVersion: string;
  cacheRows: number;
  /** `imported` is false for a run the store had already (left as it was). */
  runs: { id: string; label: string; imported: boolean }[];
}

export interface ResultRow {
  itemId: string;
  nodeId: string;
  status: "done" | "cached" | "failed" | "skipped" | "dropped" | "pending";
  output: Record<string, Value> | null;
  error?: string;
  latencyMs?: number;
  usage?: Usage;
  cacheKey?: string;
}

export type ResultsQuery = ParamsOf<"runs.results">;

/** One node's part in an item's trace through the cascade. */
export interface TraceStep {
  nodeId: string;
  kind: string;
  label: string;
  status: ResultRow["status"] | "not-run";
  inputs: Record<string, Value>;
  output: Record<string, Value> | null;
  error?: string;
  latencyMs?: number;
  usage?: Usage;
  /** The model calls the node made (one per sample), with the exact messages sent. */
  calls: CallTrace[];
}

export interface ItemTrace {
  runId: string;
  itemId: string;
  steps: TraceStep[];
}

export type CompareItemsQuery = ParamsOf<"runs.compareItems">;

export interface CompareItemRow {
  itemId: string;
  /** cells[i] belongs to runIds[i]; null when that run has no result for the item. */
  cells: (ResultRow | null)[];
  disagree: boolean;
  /** scores[i]: the item's score at runIds[i]'s score node (null: no score node, or no usable score). */
  scores?: (number | null)[];
}

/** The reply type of every method; its params are declared once, as its zod schema (./contractParams.ts). */
export interface ApiResults extends DatasetsResults, ExperimentsResults, StorageResults, WorkersResults, LabResults {
  "app.info": AppInfo;

  "pipelines.list": PipelineSummary[];
  "pipelines.get": SavedPipeline;
  /** With `base` (the version and savedAt the page last got), a save over a newer version is refused (code "stale-save"). */
  "pipelines.save": SavedPipeline;
  "pipelines.versions": PipelineVersionInfo[];
  "pipelines.rename": void;
  "pipelines.delete": void;
  /** Parses and validates a file's text; the doc is returned only when valid. */
  "pipelines.import": { doc?: PipelineDoc; problems: Problem[] };
  "pipelines.export": { text: string; fileName: string };
  /** What the document needs from this machine: dataset files that exist, API keys that are set (engine/environmentCheck.ts). */
  "pipelines.check": { problems: Problem[] };

  "templates.list": TemplateInfo[];
  "templates.open": PipelineDoc;

  "models.list": ModelEntry[];
  "models.save": ModelEntry;
  "models.delete": void;
  "models.test": ConnectionTest;
  /** Models a server reports (Ollama /api/tags, OpenAI-compatible /v1/models). */
  "models.available": string[];

  /** Local model servers on their default ports (Ollama, llama.cpp server, vLLM, LM Studio) and the embedded option. */
  "providers.discover": LocalModelOptions;
  /** Starts fetching a GGUF (default: a small instruct model) with node-llama-cpp's resolver; poll fetchStatus. */
  "providers.fetchModel": ModelFetchState;
  "providers.fetchStatus": ModelFetchState;
  "providers.cancelFetch": ModelFetchState;

  /** Prices used for models whose config sets none: the dated table and the user's overrides. */
  "pricing.get": PricingInfo;
  /** Replaces the user's overrides (model name or prefix → USD per million tokens). */
  "pricing.set": PricingInfo;

  "runs.preview": RunPreview;
  /**
   * Validates the document once into a plan; with `check`, first the pre-flight `cascade run` does (do the
   * servers of the models the run uses answer and have the models, do embedded models' files, dataset files
   * and API keys exist?) — when it finds something the run is not started and the result says what (the UI
   * offers "Run anyway": the same call without `check`). Otherwise the run is recorded and its events follow.
   */
  "runs.start": RunStartResult;
  "runs.cancel": void;
  "runs.list": RunSummary[];
  "runs.get": RunSummary & { doc: PipelineDoc; nodes: Record<string, NodeCounts> };
  "runs.rename": void;
  "runs.delete": void;
  "runs.results": { total: number; rows: ResultRow[] };
  /** An item's whole path through the cascade: inputs, exact messages, replies, timings, errors. */
  "runs.trace": ItemTrace;
  /** Runs side by side: per-node metrics, accuracy with intervals, paired tests (same numbers as `cascade compare`). */
  "runs.compare": CompareResult;
  /** Per-item outputs of one node across runs, for side-by-side diffs. */
  "runs.compareItems": { total: number; rows: CompareItemRow[] };
  /** Per filter, review and judge node: items in, out, dropped (reasons grouped with counts), pending. */
  "runs.reports": NodeReport[];
  /** The self-contained HTML report of runs, the same file `cascade report` writes (src/main/report). */
  "runs.report": { html: string; fileName: string };
  /** A bundle's runs into the store, as `cascade import` does (marked imported); what became of each run. */
  "bundles.import": BundleImportResult;

  /** A review node's items in a run: those waiting for a decision and those decided, with their inputs. */
  "reviews.queue": ReviewQueue;
  /** Records a decision (kept per node content, item and inputs; the next run uses it). */
  "reviews.decide": ReviewQueueItem;
}

/** Request and reply types of every method: the params inferred from the method's schema. */
export type Api = { [M in keyof ApiResults]: { params: M extends keyof ParamSchemas ? ParamsOf<M> : never; result: ApiResults[M] } };
type ParamSchemas = typeof PARAM_SCHEMAS;

export type Method = keyof Api;
export type Params<M extends Method> = Api[M]["params"];
export type Result<M extends Method> = Api[M]["result"];

/** Events pushed from the Node side. */
export interface ApiEvents {
  /** A run's events of about one frame interval, counts coalesced (shared/runBatch.ts). */
  "run-batch": RunBatch;
  /** A pipeline was saved (by any page or window): open pages of it learn that their version is no longer the latest. */
  "pipeline-saved": { id: string; name: string; version: number; savedAt: number };
  /** An experiment's cell started, moved on, finished; the experiment finished or stopped at its cap (experimentsContract.ts). */
  "experiment-event": ExperimentEvent;
  /** A distributed run of the shared database was queued or one of its jobs ended (workersContract.ts). */
  "workers-progress": WorkersRunProgress;
}
export type EventName = keyof ApiEvents;

/** Every page-facing event, in the one list the carriers (IPC, WebSocket) forward. */
export const PAGE_EVENTS = ["run-batch", "pipeline-saved", "experiment-event", "workers-progress"] as const satisfies readonly EventName[];
// A new event must be listed: this fails to compile when one is missing.
const everyEventForwarded: Exclude<EventName, (typeof PAGE_EVENTS)[number]> extends never ? true : never = true;
void everyEventForwarded;

/** What the renderer holds; implemented over IPC (preload) and over WebSocket (browser mode). */
export interface ApiClient {
  call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>>;
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

/** Wire messages of the WebSocket carrier (IPC uses the same shapes). */
export type WireRequest = { id: number; method: Method; params: unknown };
export type WireReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { message: string; problems?: Problem[] } };
export type WireEvent = { event: EventName; payload: unknown };

/** An error with the validator's problems attached (e.g. importing a broken file). */
export interface ApiErrorShape {
  message: string;
  problems?: Problem[];
}
