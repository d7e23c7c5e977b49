/**
 * Live accounting of a run: per-node counts, run totals, score metrics, and throttled progress events with
 * an ETA. Everything here is O(nodes), not O(items).
 */
import { emptyCounts, type Metric, type NodeCounts, type RunEvent, type RunTotals } from "../../shared/events";
import { accuracy } from "../../shared/stats";
import { isSamples, type Value } from "../../shared/values";
import type { CallRecord } from "./modelCalls";

export class RunStats {
  readonly nodes: Record<string, NodeCounts> = {};
  readonly totals: RunTotals = { items: 0, itemsDone: 0, itemsFailed: 0, calls: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, errors: 0 };
  /** Items expected (the dataset estimate, bounded by limit/itemIds); null while unknown. */
  expected: number | null = null;
  private readonly scores = new Map<string, { sum: number; n: number }>();
  private readonly started = performance.now();
  private lastProgress = 0;

  constructor(
    nodeIds: string[],
    private readonly scoreNodes: Set<string>,
    private readonly emit: (e: RunEvent) => void,
    private readonly runId: string,
    private readonly progressIntervalMs = 100,
  ) {
    for (const id of nodeIds) this.nodes[id] = emptyCounts();
  }

  counts(nodeId: string): NodeCounts {
    return (this.nodes[nodeId] ??= emptyCounts());
  }

  recordCalls(nodeId: string, log: CallRecord[]): void {
    const c = this.counts(nodeId);
    if (log.some((call) => call.truncated)) {
      c.truncated = (c.truncated ?? 0) + 1;
      this.totals.truncated = (this.totals.truncated ?? 0) + 1;
    }
    for (const call of log) {
      if (call.cached) {
        c.cacheHits++;
        this.totals.cacheHits++;
      } else {
        c.calls++;
        this.totals.calls++;
        c.inputTokens += call.inputTokens;
        c.outputTokens += call.outputTokens;
        c.costUsd += call.costUsd;
        this.totals.inputTokens += call.inputTokens;
        this.totals.outputTokens += call.outputTokens;
        this.totals.costUsd += call.costUsd;
        if (call.priced === false) this.totals.unpricedCalls = (this.totals.unpricedCalls ?? 0) + 1;
      }
    }
  }

  /** Adds a score node's output ("score", possibly per sample) to its accuracy. */
  recordOutput(nodeId: string, output: Record<string, Value>): void {
    if (!this.scoreNodes.has(nodeId)) return;
    const acc = this.scores.get(nodeId) ?? { sum: 0, n: 0 };
    const add = (v: Value | undefined) => {
      if (isSamples(v)) v.values.forEach(add);
      else if (typeof v === "number" && Number.isFinite(v)) {
        acc.sum += v;
        acc.n++;
      }
    };
    add(output.score);
    this.scores.set(nodeId, acc);
  }

  metricsOf(nodeId: string): Metric[] {
    const acc = this.scores.get(nodeId);
    return acc && acc.n > 0 ? [accuracy(acc.sum, acc.n)] : [];
  }

  allMetrics(): Record<string, Metric[]> {
    const out: Record<string, Metric[]> = {};
    for (const id of this.scoreNodes) {
      const m = this.metricsOf(id);
      if (m.length) out[id] = m;
    }
    return out;
  }

  itemFinished(failed: boolean, pending = false): void {
    this.totals.itemsDone++;
    if (failed) this.totals.itemsFailed++;
    if (pending) this.totals.itemsPending = (this.totals.itemsPending ?? 0) + 1;
    this.progress();
  }

  etaMs(): number | null {
    const total = this.expected ?? null;
    const done = this.totals.itemsDone;
    if (total === null || done === 0 || done >= total) return done >= (total ?? Infinity) ? 0 : null;
    const elapsed = performance.now() - this.started;
    return Math.round((elapsed / done) * (total - done));
  }

  /** Totals and accuracy so far, as the heartbeat stores them for a run that may yet be interrupted. */
  runningTotals(): { totals: RunTotals; metrics: Record<string, Metric[]> } {
    const items = Math.max(this.expected ?? 0, this.totals.items, this.totals.itemsDone);
    return { totals: { ...this.totals, items }, metrics: this.allMetrics() };
  }

  snapshot(): Record<string, NodeCounts> {
    return Object.fromEntries(Object.entries(this.nodes).map(([k, v]) => [k, { ...v }]));
  }

  progress(force = false): void {
    const now = performance.now();
    if (!force && now - this.lastProgress < this.progressIntervalMs) return;
    this.lastProgress = now;
    this.totals.items = Math.max(this.expected ?? 0, this.totals.items);
    this.emit({ type: "progress", runId: this.runId, totals: { ...this.totals }, nodes: this.snapshot(), etaMs: this.etaMs() });
  }
}
