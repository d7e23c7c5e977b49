/**
 * startRun: validates the pipeline, records the run, and runs it in the background. The returned `done`
 * settles with the run's summary (status "done" even with item errors, "cancelled" after the signal,
 * "failed" when the run itself could not go on or when every item failed: a failed run is not a result).
 */
import { setMaxListeners } from "node:events";
import type { RunSummary } from "../../shared/contract";
import type { ExportedFile, RunEvent } from "../../shared/events";
import type { RunRecord } from "../../shared/runRecord";
import { everyItemFailed, everyItemFailedError } from "../../shared/runOutcome";
import { sha256Hex } from "../store/hash";
import { heartbeatMsFromEnv, type RunningTotals } from "../store/runLiveness";
import { newRunId } from "../store/runsRepo";
import { runAfterPhase } from "./afterPhase";
import { DatasetFingerprint } from "./datasetFingerprint";
import { ModelCaller } from "./modelCalls";
import { BATCH_ITEMS_IN_FLIGHT } from "./batch/batchedProvider";
import { DEFAULT_CONCURRENCY, openRun, type OpenedRun } from "./openRun";
import { placeOutputs } from "./outputPaths";
import { buildPlan, type Plan, type PlannedNode } from "./plan";
import type { RunContext } from "./runContext";
import { startRunHeartbeat } from "./runHeartbeat";
import { processRevision, startRecord, withRevision } from "./runRecord";
import { repeatCount, repeatLabel, runRepeats } from "./repeats";
import { runItems } from "./runLoop";
import { RunStats } from "./stats";
import type { RunHandle, RunOptions } from "./types";

export { DEFAULT_CONCURRENCY } from "./openRun";

function safeEmitter(onEvent?: (e: RunEvent) => void): (e: RunEvent) => void {
  if (!onEvent) return () => {};
  return (e) => {
    try {
      onEvent(e);
    } catch {
      /* a listener's failure never stops the run */
    }
  };
}

function linkedController(outer?: AbortSignal): AbortController {
  const controller = new AbortController();
  // Every in-flight call and waiting slot listens to it.
  setMaxListeners(0, controller.signal);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener("abort", () => controller.abort(outer.reason), { once: true });
  return controller;
}

/**
 * Starts the run; with repeats (opts.repeats, else settings.repeats) the k repeats run one after another, each
 * its own run record, and `runId`/`done` are repeat 0's (done settles when the last repeat has ended).
 */
export function startRun(opts: RunOptions): RunHandle {
  const plan = opts.plan ?? buildPlan(opts.doc, { toNode: opts.toNode, fromNode: opts.fromNode, plugins: opts.plugins });
  if (opts.outputDir) placeOutputs(plan, opts.outputDir);
  if (opts.pipelineId && !opts.store.pipelines.has(opts.pipelineId)) throw new Error(`no pipeline "${opts.pipelineId}" in the store`);
  const count = repeatCount(opts.repeats, plan.doc);
  if (count === 1) return launch(plan, opts);
  const first = launch(plan, opts, { index: 0, count });
  const later = (index: number) => launch(plan, { ...opts, runId: undefined }, { group: first.runId, index, count });
  return { runId: first.runId, done: runRepeats(opts.store, first, count, later) };
}

/** Records one run (one repeat of it when `repeat` is given) and executes it in the background. */
function launch(plan: Plan, opts: RunOptions, repeat?: { group?: string; index: number; count: number }): RunHandle {
  const runId = opts.runId ?? newRunId();
  const label = repeat ? repeatLabel(opts.label, repeat.index, repeat.count) : opts.label;
  try {
    opts.store.runs.create({ id: runId, doc: plan.doc, pipelineId: opts.pipelineId, datasetFingerprint: "", label });
  } catch (e) {
    // A caller-chosen id (the app picks it, to know the run before its first event) must be new.
    if (opts.runId && /^run ".*" exists already$/.test((e as Error).message)) throw new Error(`run id "${runId}" is taken: every run needs its own`);
    throw e;
  }
  opts.store.runMeta.setBaseDir(runId, opts.baseDir);
  if (repeat) opts.store.runMeta.setRepeat(runId, repeat.group ?? runId, repeat.index);
  const record = startRecord(opts);
  opts.store.runMeta.setRecord(runId, record);
  // Each beat stores the engine's running totals (once execute has them): an interrupted run reports those.
  const live: { totals?: () => RunningTotals } = {};
  const heartbeat = startRunHeartbeat(opts.store.runMeta, runId, opts.heartbeatIntervalMs ?? heartbeatMsFromEnv(), () => live.totals?.());
  const done = execute(runId, plan, opts, repeat?.index ?? 0, live, record).finally(() => heartbeat.stop());
  return { runId, done };
}

/** The source's columns of type image (their files go into the run record's dataset fingerprint). */
function imageColumns(plan: Plan): string[] {
  const columns = (plan.source?.config as { columns?: { name: string; type: string }[] } | undefined)?.columns ?? [];
  return columns.filter((c) => c.type === "image").map((c) => c.name);
}

async function execute(runId: string, plan: Plan, opts: RunOptions, repeat: number, live: { totals?: () => RunningTotals }, record: RunRecord): Promise<RunSummary> {
  const { store, doc } = { store: opts.store, doc: plan.doc };
  const listener = safeEmitter(opts.onEvent);
  let firstItemError: string | undefined;
  const emit = (e: RunEvent): void => {
    if (e.type === "item-failed" && firstItemError === undefined) firstItemError = `${e.nodeId}, item ${e.itemId}: ${e.error}`;
    listener(e);
  };
  const controller = linkedController(opts.signal);
  const signal = controller.signal;
  const concurrency = opts.concurrency ?? doc.settings?.concurrency ?? DEFAULT_CONCURRENCY;
  const limit = opts.limit ?? doc.settings?.limit;
  const noCache = opts.noCache ?? doc.settings?.noCache ?? false;
  const running = plan.order.filter((p) => p.def.mode !== "inert");
  const scoreNodes = new Set(running.filter((p) => p.node.kind === "score").map((p) => p.id));
  const stats = new RunStats(running.map((p) => p.id), scoreNodes, emit, runId, opts.progressIntervalMs);
  live.totals = () => stats.runningTotals();
  let opened: OpenedRun | undefined;
  const nodeDone = (pn: PlannedNode) =>
    emit({ type: "node-done", runId, nodeId: pn.id, counts: { ...stats.counts(pn.id) }, metrics: stats.metricsOf(pn.id) });

  let status: RunSummary["status"] = "done";
  let error: string | undefined;
  let dataset: DatasetFingerprint | undefined;
  let exports: ExportedFile[] = [];
  // A write that fails (the disk is full, the file went away) stops the run: going on would lose what it makes.
  let writeFailed: Error | null = null;
  const stopOnWriteFailure = store.writer.onFailure((e) => {
    writeFailed ??= e;
    controller.abort(e);
  });
  try {
    // One limiter per endpoint, made for this run (or the service's): the models' only concurrency limit.
    opened = openRun(plan, { ...opts, concurrency, signal, batch: { store, runId, emit, gatherMs: opts.batchGatherMs, pollMs: opts.batchPollMs, sharedCache: opts.sharedCache } });
    const { providers, source, images } = opened;

    const info = source ? await source.inspect() : { fingerprint: sha256Hex("no dataset"), estimate: 1 };
    store.runs.setFingerprint(runId, info.fingerprint);
    stats.expected = opts.itemIds
      ? opts.itemIds.length
      : info.estimate === null
        ? (limit ?? null)
        : limit !== undefined
          ? Math.min(info.estimate, limit)
          : info.estimate;
    emit({ type: "run-started", runId, pipelineName: doc.name, items: stats.expected, at: Date.now() });
    for (const pn of running) emit({ type: "node-queued", runId, nodeId: pn.id, items: pn.phase === "after" ? 1 : (stats.expected ?? 0) });

    const caller = new ModelCaller({ runId, doc, store, images, providers, signal, emit, streamTokens: Boolean(opts.onEvent), priceOverrides: opts.priceOverrides, repeat, inFlight: opts.sharedCalls, sharedCache: opts.sharedCache });
    dataset = new DatasetFingerprint(info.fingerprint, imageColumns(plan), images);
    const rc: RunContext = { runId, baseDir: opts.baseDir, plan, store, stats, caller, images, signal, emit, readCache: !noCache, listening: Boolean(opts.onEvent), dataset };
    const totalConcurrency = plan.models.reduce((sum, name) => sum + (doc.models[name].concurrency ?? concurrency), 0);
    // A batch model gathers the calls of the items in flight into one batch per node: a wide window.
    const batching = plan.models.some((name) => doc.models[name].batch);
    const maxInFlight = opts.maxItemsInFlight ?? (batching ? BATCH_ITEMS_IN_FLIGHT : Math.max(32, 4 * totalConcurrency));

    stats.totals.items = await runItems(rc, opened.rows(), { limit, itemIds: opts.itemIds }, maxInFlight);
    store.writer.flush();
    for (const pn of running) if (pn.phase === "items") nodeDone(pn);
    exports = await runAfterPhase(rc, nodeDone);
    if (signal.aborted) status = "cancelled";
    else if (everyItemFailed(stats.totals)) {
      status = "failed";
      error = everyItemFailedError(stats.totals.items, firstItemError);
    }
  } catch (e) {
    if (signal.aborted) status = "cancelled";
    else {
      status = "failed";
      error = e instanceof Error ? e.message : String(e);
    }
  } finally {
    await opened?.close();
  }
  if (writeFailed) {
    status = "failed";
    error = (writeFailed as Error).message;
  }

  try {
    // The commit, asked of git in the background since the run started (at its start only if known then).
    if (!record.app.commit) {
      const rev = await processRevision();
      if (rev) store.runMeta.setRecord(runId, withRevision(record, rev));
    }
    if (dataset) store.runMeta.setRecordDataset(runId, dataset.result());
  } catch (e) {
    if (!writeFailed) throw e; // on a full disk the run's end matters more than its record's dataset
  }
  stats.progress(true);
  const metrics = stats.allMetrics();
  const finishInput = { status: status as "done" | "failed" | "cancelled", totals: { ...stats.totals }, metrics, nodes: stats.snapshot(), error };
  let summary: RunSummary;
  try {
    summary = store.runs.finish(runId, finishInput);
  } catch (e) {
    // Not even the run's end fits: report it; the stopped heartbeat lets the run be listed as interrupted.
    const message = `${error ?? "the run ended"}; its end could not be recorded: ${(e as Error).message}`;
    summary = { ...store.runs.summary(runId), status: "failed" };
    status = "failed";
    error = message;
  }
  stopOnWriteFailure();
  emit({ type: "run-finished", runId, status: status as "done" | "failed" | "cancelled", totals: { ...stats.totals }, metrics, exports, ...(error ? { error } : {}), at: Date.now() });
  return summary;
}
