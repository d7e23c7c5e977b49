/**
 * Runs one node for one item (or once, for the nodes after an aggregate): upstream failures become a skip,
 * drops stop the item quietly, sampled inputs are mapped, and the result row, counts and events are written.
 */
import type { NodeOutput } from "./nodes/types";
import { dropReasonText } from "../../shared/dropReason";
import type { CallTrace } from "../../shared/events";
import { packTrace } from "../store/traceFormat";
import type { ImageRef, Value } from "../../shared/values";
import type { CallRecord, CallSite } from "./modelCalls";
import type { ResultRecord } from "../store/types";
import { aggregateExecutorOf, perItemExecutorOf, type PlannedNode } from "./plan";
import { imageSource, type RunContext } from "./runContext";
import { combineSamples, expandSamples, plainInputs, type EdgeInput } from "./samples";
import { isCancellation, type Outcome } from "./types";
import type { AggregateContext, ExecContext, ExecResult, ItemContext } from "./nodes/types";
import { elapsedMs } from "./elapsed";

export function execContext(rc: RunContext, pn: PlannedNode, itemId: string, log: CallRecord[], traces?: CallTrace[]): ExecContext {
  const readCache = (rc.readCache || pn.forceCacheRead) && pn.node.noCache !== true;
  return {
    runId: rc.runId,
    doc: rc.plan.doc,
    node: pn.node,
    signal: rc.signal,
    baseDir: rc.baseDir,
    reviews: rc.store.reviews,
    call: callFrom(rc, { nodeId: pn.id, itemId, readCache, log, traces }),
    loadImage: imageLoader(rc),
  };
}

// The two functions below return their closures instead of naming them: under tsx (the CLI), a named
// function expression made per node execution costs a defineProperty call (esbuild's keepNames).

function callFrom(rc: RunContext, site: CallSite): ExecContext["call"] {
  return (req) => rc.caller.call(req, site);
}

const imageLoaders = new WeakMap<RunContext, ExecContext["loadImage"]>();
function imageLoader(rc: RunContext): ExecContext["loadImage"] {
  let load = imageLoaders.get(rc);
  if (!load) {
    load = loadImageWith(rc);
    imageLoaders.set(rc, load);
  }
  return load;
}

function loadImageWith(rc: RunContext): ExecContext["loadImage"] {
  return async (value: Value): Promise<ImageRef> => {
    const source = imageSource(value);
    const info = await rc.images.info(source);
    return { kind: "image", source, hash: info.hash, mime: info.mime };
  };
}

/** The node's inputs from its parents' outputs, by edge. */
export function edgeInputs(pn: PlannedNode, outputs: (nodeId: string) => NodeOutput | undefined): EdgeInput[] {
  return pn.incoming.map((e) => {
    const out = outputs(e.source);
    const value = out?.[e.sourcePort];
    if (value === undefined) throw new Error(`input "${e.targetPort}": node "${e.source}" gave no "${e.sourcePort}" output`);
    return { port: e.targetPort, value, mode: e.samples ?? "map", from: `${e.source}.${e.sourcePort}` };
  });
}

function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export interface WriteTarget {
  itemId: string;
  seq: number;
}

/** What a node received and the calls it made, kept with its result for the item's trace. */
interface TraceParts {
  inputs?: Record<string, Value>;
  calls: CallTrace[];
}

/** The result row of an execution (one object: this runs for every node of every item). */
function resultRecord(
  rc: RunContext,
  pn: PlannedNode,
  at: WriteTarget,
  latencyMs: number,
  log: CallRecord[],
  status: ResultRecord["status"],
  output: ResultRecord["output"],
  error: string | undefined,
  traced?: TraceParts,
): ResultRecord {
  const cacheKey = log[0]?.cacheKey;
  let inputTokens: number | undefined;
  let outputTokens: number | undefined;
  let costUsd: number | undefined;
  if (log.length) {
    inputTokens = outputTokens = costUsd = 0;
    for (const l of log) {
      inputTokens += l.inputTokens;
      outputTokens += l.outputTokens;
      costUsd += l.costUsd;
    }
  }
  return {
    runId: rc.runId,
    nodeId: pn.id,
    itemId: at.itemId,
    seq: at.seq,
    status,
    output,
    error,
    cacheKey,
    latencyMs,
    inputTokens,
    outputTokens,
    costUsd,
    trace: traced ? packTrace({ inputs: traced.inputs, calls: traced.calls, row: { output, cacheKey } }) : undefined,
  };
}

/** Writes the outcome of an execution and emits its events. */
function record(
  rc: RunContext,
  pn: PlannedNode,
  at: WriteTarget,
  started: number,
  log: CallRecord[],
  result: ExecResult | { error: unknown },
  traced?: TraceParts,
): Outcome {
  const c = rc.stats.counts(pn.id);
  c.running--;
  rc.stats.recordCalls(pn.id, log);
  const latencyMs = elapsedMs(started);
  const ev = { runId: rc.runId, nodeId: pn.id, itemId: at.itemId };
  if ("error" in result) {
    if (isCancellation(result.error, rc.signal)) return { status: "cancelled" };
    const error = describeError(result.error);
    c.failed++;
    rc.stats.totals.errors++;
    rc.store.writer.putResult(resultRecord(rc, pn, at, latencyMs, log, "failed", null, error, traced));
    const retries = (result.error as { retries?: number }).retries;
    rc.emit({ type: "item-failed", ...ev, error, ...(retries ? { retries } : {}) });
    return { status: "failed", origin: pn.id };
  }
  if ("drop" in result) {
    c.dropped++;
    rc.store.writer.putResult({ ...resultRecord(rc, pn, at, latencyMs, log, "dropped", null, undefined, traced), dropReason: result.drop });
    rc.emit({ type: "item-dropped", ...ev, reason: dropReasonText(pn.id, result.drop) });
    return { status: "dropped" };
  }
  if ("pending" in result) {
    c.pending = (c.pending ?? 0) + 1;
    rc.store.writer.putResult(resultRecord(rc, pn, at, latencyMs, log, "pending", null, result.pending, traced));
    rc.emit({ type: "item-pending", ...ev, reason: result.pending });
    return { status: "pending" };
  }
  const cached = log.length > 0 && log.every((l) => l.cached);
  c.latencyMsTotal += latencyMs;
  if (cached) c.cached++;
  else c.done++;
  const row = resultRecord(rc, pn, at, latencyMs, log, cached ? "cached" : "done", result.output, undefined, traced);
  rc.store.writer.putResult(row);
  rc.stats.recordOutput(pn.id, result.output);
  if (rc.listening) {
    if (cached) rc.emit({ type: "item-cached", ...ev });
    const usage = row.inputTokens !== undefined ? { inputTokens: row.inputTokens, outputTokens: row.outputTokens ?? 0 } : undefined;
    const truncated = log.some((l) => l.truncated);
    rc.emit({ type: "item-done", ...ev, output: result.output, latencyMs, cached, ...(usage ? { usage } : {}), ...(truncated ? { truncated: true as const } : {}) });
  }
  return { status: "ok", output: result.output };
}

/** Runs a per-item node once its parents' outcomes are known (`parents[i]` is the outcome of `pn.parents[i]`). */
export async function runItemNode(rc: RunContext, pn: PlannedNode, at: WriteTarget, parents: readonly Outcome[]): Promise<Outcome> {
  const c = rc.stats.counts(pn.id);
  c.queued = Math.max(0, c.queued - 1);
  for (const o of parents) if (o.status === "cancelled") return o;
  for (const o of parents) {
    if (o.status === "failed") {
      const reason = `upstream failed: ${o.origin}`;
      c.skipped++;
      rc.store.writer.putResult({ runId: rc.runId, nodeId: pn.id, itemId: at.itemId, seq: at.seq, status: "skipped", output: null, error: reason });
      rc.emit({ type: "item-skipped", runId: rc.runId, nodeId: pn.id, itemId: at.itemId, reason });
      return o;
    }
  }
  if (parents.some((o) => o.status === "dropped")) return { status: "dropped" };
  // Downstream of an item waiting for review nothing runs; the item waits (its row stays at the review node).
  if (parents.some((o) => o.status === "pending")) return { status: "pending" };
  if (rc.signal.aborted) return { status: "cancelled" };

  c.running++;
  if (rc.listening) rc.emit({ type: "item-started", runId: rc.runId, nodeId: pn.id, itemId: at.itemId });
  const started = performance.now();
  const log: CallRecord[] = [];
  const traced: TraceParts = { calls: [] };
  try {
    const executor = perItemExecutorOf(pn);
    const inputs = edgeInputs(pn, (id) => {
      const o = parents[pn.parents.indexOf(id)];
      return o?.status === "ok" ? o.output : undefined;
    });
    traced.inputs = plainInputs(inputs);
    const base = execContext(rc, pn, at.itemId, log, traced.calls);
    const variants = expandSamples(inputs);
    let result: ExecResult;
    if (!variants) result = await executor.run(pn.config, { ...base, itemId: at.itemId, inputs: traced.inputs } satisfies ItemContext);
    else {
      const results = await Promise.all(variants.map((values, sample) => executor.run(pn.config, { ...base, itemId: at.itemId, inputs: values, sample } satisfies ItemContext)));
      const dropped = results.find((r): r is Extract<ExecResult, { drop: unknown }> => "drop" in r);
      const pending = results.find((r): r is { pending: string } => "pending" in r);
      result = dropped ?? pending ?? { output: combineSamples(results.map((r) => (r as { output: NodeOutput }).output)) };
    }
    return record(rc, pn, at, started, log, result, traced);
  } catch (error) {
    return record(rc, pn, at, started, log, { error }, traced);
  }
}

/** Runs an aggregate node: its inputs are read back from the store. */
export async function runAggregateNode(rc: RunContext, pn: PlannedNode, at: WriteTarget, rows: AggregateContext["rows"]): Promise<Outcome> {
  const c = rc.stats.counts(pn.id);
  c.queued = 0;
  c.running++;
  rc.emit({ type: "item-started", runId: rc.runId, nodeId: pn.id, itemId: at.itemId });
  const started = performance.now();
  const log: CallRecord[] = [];
  try {
    const executor = aggregateExecutorOf(pn);
    const traced: TraceParts = { calls: [] };
    const result = await executor.run(pn.config, { ...execContext(rc, pn, at.itemId, log, traced.calls), rows });
    return record(rc, pn, at, started, log, result, traced);
  } catch (error) {
    return record(rc, pn, at, started, log, { error });
  }
}
