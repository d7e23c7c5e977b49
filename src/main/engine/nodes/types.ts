/**
 * What a node executor is. One file per kind in this folder, listed in ./registry.ts; which of these it is
 * follows from its kind's mode (src/shared/nodes), which the registry's type checks:
 * - source: yields the items (dataset);
 * - per-item: runs once per item (or per sample) on its inputs; may return a drop with a reason;
 * - aggregate: runs once after all items, reading its inputs back from the store;
 * - inert: never runs (notes).
 */
import type { NodeDoc, PipelineDoc } from "../../../shared/pipeline/schema";
import type { ModelParams } from "../../../shared/pipeline/schema";
import type { ChatMessage, ImageRef, Value } from "../../../shared/values";
import type { ReviewsRepo } from "../../store/reviewsRepo";
import type { DropReason } from "../../../shared/dropReason";
import type { NodeMode } from "../../../shared/nodes/kind";

export type NodeOutput = Record<string, Value>;

/**
 * What an execution gave: outputs; a drop with its reason as data (the item stops quietly; shared/dropReason.ts);
 * or pending (a review node
 * waiting for a person's decision: the item stops here for this run, without an error, and waits).
 */
export type ExecResult = { output: NodeOutput } | { drop: DropReason } | { pending: string };

export interface ModelCallRequest {
  /** Name of an entry in the pipeline's models. */
  model: string;
  messages: ChatMessage[];
  /** Node-level params; merged over the model's own. */
  params?: ModelParams;
  /** Sample index (part of the cache key). */
  sample: number;
}

export interface ModelCallResult {
  text: string;
  cached: boolean;
  /** The reply was cut off by a token limit (see CallTrace.truncated). */
  truncated?: true;
}

export interface ExecContext {
  runId: string;
  doc: PipelineDoc;
  node: NodeDoc;
  signal: AbortSignal;
  /** The pipeline file's folder (relative outPath, dataset and image paths resolve against it). */
  baseDir: string;
  /** Human review decisions (review nodes read them). */
  reviews: ReviewsRepo;
  /** One model call: from the cache when allowed, else from the provider (recorded on the node's result). */
  call(request: ModelCallRequest): Promise<ModelCallResult>;
  /** Reads, checks and hashes an image once per run; returns the ref with its hash and mime. */
  loadImage(value: Value): Promise<ImageRef>;
}

export interface ItemContext extends ExecContext {
  itemId: string;
  /** Values of the connected inputs, by port name. */
  inputs: Record<string, Value>;
  /** When the node is mapped over samples (a "map" edge carrying Samples): which one this run is, from 0. */
  sample?: number;
}

export interface AggregateInputRow {
  itemId: string;
  seq: number;
  /** Input values by port; ports whose source has no usable result for the item are absent. */
  values: Record<string, Value>;
}

export interface AggregateContext extends ExecContext {
  /** Every item's inputs, read back from the store in item order (never all in memory at once). */
  rows(): Iterable<AggregateInputRow>;
}

/** A row a source yields; `error` makes the item fail at the source node (the others go on). */
export interface SourceRow {
  itemId: string;
  /** Position in the dataset, 0-based (orders results). */
  seq: number;
  values?: NodeOutput;
  error?: string;
}

export interface SourceContext {
  baseDir: string;
  node: NodeDoc;
  signal: AbortSignal;
  /** Where a source reads its settings (a hub dataset's HF_ENDPOINT, HF_TOKEN, caches); default process.env. */
  env?: Record<string, string | undefined>;
  /** Progress lines of a source's preparation (downloads). */
  progress?: (line: string) => void;
}

export interface SourceHandle {
  /** sha256 over the raw file bytes (or the inline rows), and a row count estimate when cheap. */
  inspect(): Promise<{ fingerprint: string; estimate: number | null }>;
  rows(): AsyncIterable<SourceRow>;
  /** Folder that relative image paths of this source resolve against first. */
  readonly dataDir: string;
}

export interface SourceExecutor<C = any> {
  open(config: C, ctx: SourceContext): SourceHandle;
}

export interface PerItemExecutor<C = any> {
  run(config: C, ctx: ItemContext): Promise<ExecResult>;
}

export interface AggregateExecutor<C = any> {
  run(config: C, ctx: AggregateContext): Promise<ExecResult>;
}

/** A kind that never runs (a note) needs no code: its executor is empty. */
export type InertExecutor = Record<string, never>;

/** The executor a kind of mode M has (the mode is the kind's; an executor does not repeat it). */
export type ExecutorOfMode<M extends NodeMode, C = any> = {
  source: SourceExecutor<C>;
  "per-item": PerItemExecutor<C>;
  aggregate: AggregateExecutor<C>;
  inert: InertExecutor;
}[M];

export type Executor = SourceExecutor | PerItemExecutor | AggregateExecutor | InertExecutor;
