/**
 * Counting for previewRun: the calls per item a node makes when nothing is known about its inputs (from the
 * graph: samples, and sampled inputs it maps over), and per-node tallies turned into the preview's estimates.
 */
import type { PreviewNodeEstimate } from "../../shared/contract";
import type { ModelConfig, PipelineDoc } from "../../shared/pipeline/schema";
import { costOf } from "./modelCalls";
import type { Plan, PlannedNode } from "./plan";
import type { PreviewCall } from "./previewCaller";

/** Output tokens assumed per call when neither history (cached replies) nor params.maxTokens tell. */
export const DEFAULT_OUTPUT_TOKENS = 256;
export const CHARS_PER_TOKEN = 4;

/** Model calls a node makes per item when it runs, worked out from the graph alone. */
export function structuralCalls(plan: Plan): Map<string, number> {
  const width = new Map<string, number>();
  const calls = new Map<string, number>();
  for (const pn of plan.order) {
    const mapped = pn.incoming.filter((e) => (e.samples ?? "map") === "map").map((e) => width.get(e.source) ?? 1);
    const variants = Math.max(1, ...mapped);
    const perRun = pn.def.callsPerItem(pn.config);
    calls.set(pn.id, variants * perRun);
    width.set(pn.id, variants > 1 ? variants : pn.def.multiValued(pn.config) ? Math.max(1, perRun) : 1);
  }
  return calls;
}

/** Template text of a node, for an input size guess when no call of it could be rendered. */
function templateChars(pn: PlannedNode): number {
  return pn.def.templates(pn.config).reduce((n, t) => n + t.text.length, 0);
}

export class NodeTally {
  calls = 0;
  /** Cache hits in the run: in the cache now, or made by an earlier call (PreviewCall.shared). */
  cached = 0;
  /** Of `cached`, those made by an earlier call. */
  shared = 0;
  unknown = 0;
  /** Calls the run may not make (PreviewCall.conditional); never cached ones. */
  conditional = 0;
  /** Calls counted without rendering them (inputs unknown): input size from the rendered ones. */
  unrendered = 0;
  /** Calls of items past the exact ones (the exact items' calls per item), split by their cached share. */
  extrapolated = 0;
  private renderedChars = 0;
  private rendered = 0;
  private historyTokens = 0;
  private history = 0;
  private maxTokens?: number;

  constructor(
    readonly pn: PlannedNode,
    readonly model: string,
  ) {}

  add(call: PreviewCall): void {
    this.calls++;
    if (call.cached || call.shared) this.cached++;
    if (call.shared) this.shared++;
    if (call.unknown) this.unknown++;
    if (call.conditional && !call.cached && !call.shared) this.conditional++;
    this.renderedChars += call.inputChars;
    this.rendered++;
    if (call.cachedOutputTokens !== undefined) {
      this.historyTokens += call.cachedOutputTokens;
      this.history++;
    }
    if (call.maxTokens !== undefined) this.maxTokens = call.maxTokens;
  }

  /** Items past the exact ones make as many calls per item as the exact ones did (failures, drops included). */
  extrapolate(extraItems: number, exactItems: number, callsPerItem: number): void {
    this.extrapolated = exactItems > 0 ? Math.round((this.calls / exactItems) * extraItems) : callsPerItem * extraItems;
  }

  /** Calls below a node whose outcome is not known, counted from the graph (conditional: see PreviewCall). */
  addUnrendered(n: number, conditional: boolean): void {
    this.calls += n;
    this.unknown += n;
    this.unrendered += n;
    if (conditional) this.conditional += n;
  }

  estimate(doc: PipelineDoc): PreviewNodeEstimate {
    const ratio = this.calls ? this.cached / this.calls : 0;
    const extraCached = Math.round(this.extrapolated * ratio);
    const share = (n: number) => n + Math.round(this.extrapolated * (this.calls ? n / this.calls : 0));
    const calls = this.calls + this.extrapolated;
    const cachedCalls = this.cached + extraCached;
    const uncached = calls - cachedCalls;
    const charsPerCall = this.rendered ? this.renderedChars / this.rendered : templateChars(this.pn);
    const config: ModelConfig | undefined = doc.models[this.model];
    const nodeMax = this.pn.def.callParams(this.pn.config)?.maxTokens;
    const outPerCall = this.history
      ? this.historyTokens / this.history
      : (this.maxTokens ?? nodeMax ?? config?.params?.maxTokens ?? DEFAULT_OUTPUT_TOKENS);
    const inputTokens = Math.ceil((uncached * charsPerCall) / CHARS_PER_TOKEN);
    const outputTokens = Math.ceil(uncached * outPerCall);
    return {
      nodeId: this.pn.id,
      model: this.model,
      calls,
      cachedCalls,
      sharedCalls: share(this.shared),
      unknownCalls: share(this.unknown),
      conditionalCalls: share(this.conditional),
      estimatedInputTokens: inputTokens,
      estimatedOutputTokens: outputTokens,
      estimatedCostUsd: config?.price ? costOf(config, inputTokens, outputTokens) : null,
    };
  }
}
