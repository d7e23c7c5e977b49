/**
 * previewRun: what a run would do, without calling a model. The dataset is streamed with the run's own item
 * selection (limit, itemIds) and plan (toNode, fromNode). For the first items (up to `maxExactItems`, within
 * `exactBudgetMs`) every per-item node runs with its real executor, and every model call is prepared by the
 * engine's own code (ModelCaller.prepare: the same messages, image hashes, params and cache key) and looked up
 * in the cache: a cached upstream reply feeds the nodes below it exactly as in the run; a missing one makes the
 * calls below it unknown (counted as not cached), and a call with the key of an earlier one (in this preview,
 * or in `made` by an earlier cell) a cache hit, as in the run. A call is conditional when whether the run makes
 * it depends on replies not cached: a prompt's shortcut, or a node that may drop the item, decides on them above
 * it. The other items are counted from the graph and split by the exact items' shares (`estimated`). Nothing is
 * written to the store.
 */
import type { PreviewNodeEstimate, RunPreview } from "../../shared/contract";
import type { ChatMessage, Value } from "../../shared/values";
import type { CallRecord } from "./modelCalls";
import { edgeInputs, execContext } from "./nodeRunner";
import type { SourceRow } from "./nodes/types";
import { DEFAULT_CONCURRENCY, openRun } from "./openRun";
import { buildPlan, perItemExecutorOf, type Plan, type PlannedNode } from "./plan";
import { PreviewCaller, type PreviewCall, type PreviewNodeState } from "./previewCaller";
import { CHARS_PER_TOKEN, DEFAULT_OUTPUT_TOKENS, NodeTally, structuralCalls } from "./previewTally";
import type { RunContext } from "./runContext";
import { combineSamples, expandSamples, plainInputs } from "./samples";
import { RunStats } from "./stats";
import { PipelineInvalidError, type RunOptions } from "./types";

export interface PreviewOptions
  extends Pick<RunOptions, "doc" | "plan" | "baseDir" | "store" | "limit" | "itemIds" | "noCache" | "toNode" | "fromNode" | "env" | "resolveApiKey" | "providerFactory" | "plugins" | "concurrency" | "limiters"> {
  /** The item whose messages are shown (default: the first selected one). */
  itemId?: string;
  /** Items worked out exactly (default 2,000) ... */
  maxExactItems?: number;
  /** ... within this time (default 3 s); the rest are extrapolated. */
  exactBudgetMs?: number;
  /** Called with each call of the selected exact items (a sweep's preview counts calls per model and cell). */
  onCall?: (call: PreviewCall) => void;
  /** Keys of calls made before this run (a sweep's earlier cells); the preview adds its own. */
  made?: Set<string>;
}

/** gated: whether the item gets this far depends on replies not cached (a drop decided on them above). */
type SimOutcome =
  | { status: "ok"; output: Record<string, Value>; tainted: boolean; gated: boolean }
  | { status: "stopped" } // failed, dropped or pending: nothing below runs
  | { status: "unknown"; gated: boolean }; // depends on replies not cached: what runs below is counted from the graph

const gatedOf = (o: SimOutcome) => o.status !== "stopped" && o.gated;

interface ItemSim {
  calls: PreviewCall[];
  unrendered: Map<string, { calls: number; conditional: boolean }>;
  errors: { nodeId: string; error: string }[];
}

/** Runs one node of one item in the preview. */
async function simulateNode(rc: RunContext, caller: PreviewCaller, pn: PlannedNode, row: SourceRow, parents: SimOutcome[], sim: ItemSim): Promise<SimOutcome> {
  if (parents.some((p) => p.status === "stopped")) return { status: "stopped" };
  const gated = parents.some(gatedOf);
  // An unknown parent: the node may still drop the item (or its outputs), on what it cannot see here.
  if (parents.some((p) => p.status === "unknown")) return { status: "unknown", gated: gated || pn.def.mayDrop };
  const tainted = parents.some((p) => p.status === "ok" && p.tainted);
  const state: PreviewNodeState = { tainted, conditional: gated || (tainted && pn.def.skipsCalls(pn.config)), missed: false, calls: [] };
  caller.current = state;
  const log: CallRecord[] = [];
  const byId = new Map(pn.parents.map((id, i) => [id, parents[i]]));
  try {
    const executor = perItemExecutorOf(pn);
    const inputs = edgeInputs(pn, (id) => {
      const o = byId.get(id);
      return o?.status === "ok" ? o.output : undefined;
    });
    const base = execContext(rc, pn, row.itemId, log);
    const runOn = (values: Record<string, Value>) => executor.run(pn.config, { ...base, itemId: row.itemId, inputs: values });
    const variants = expandSamples(inputs);
    const results = variants ? await Promise.all(variants.map(runOn)) : [await runOn(plainInputs(inputs))];
    const unknownAfter = tainted || state.missed;
    // Its decision to drop (or keep) the item rests on replies not cached: what is below may not run.
    const decidesUnknown = unknownAfter && pn.def.mayDrop;
    const stop = results.find((r) => !("output" in r));
    if (stop) return unknownAfter ? { status: "unknown", gated: true } : { status: "stopped" };
    const outputs = results.map((r) => (r as { output: Record<string, Value> }).output);
    return { status: "ok", output: variants ? combineSamples(outputs) : outputs[0], tainted: unknownAfter, gated: gated || decidesUnknown };
  } catch (e) {
    if (tainted || state.missed) return { status: "unknown", gated: gated || pn.def.mayDrop }; // e.g. a placeholder reply that does not parse
    sim.errors.push({ nodeId: pn.id, error: e instanceof Error ? e.message : String(e) });
    return { status: "stopped" };
  } finally {
    sim.calls.push(...state.calls);
  }
}

async function simulateItem(rc: RunContext, caller: PreviewCaller, plan: Plan, row: SourceRow, graphCalls: Map<string, number>): Promise<ItemSim> {
  const sim: ItemSim = { calls: [], unrendered: new Map(), errors: [] };
  const outcomes = new Map<string, SimOutcome>();
  if (plan.source) {
    if (row.error !== undefined || !row.values) {
      sim.errors.push({ nodeId: plan.source.id, error: row.error ?? "unreadable row" });
      outcomes.set(plan.source.id, { status: "stopped" });
    } else outcomes.set(plan.source.id, { status: "ok", output: row.values, tainted: false, gated: false });
  }
  for (const pn of plan.itemNodes) {
    const parents = pn.parents.map((id): SimOutcome => outcomes.get(id) ?? { status: "stopped" });
    const outcome = await simulateNode(rc, caller, pn, row, parents, sim);
    outcomes.set(pn.id, outcome);
    if (outcome.status === "unknown" && parents.some((p) => p.status === "unknown")) {
      // Not run: its calls are counted from the graph; conditional as its own would be (simulateNode).
      const conditional = parents.some(gatedOf) || pn.def.skipsCalls(pn.config);
      sim.unrendered.set(pn.id, { calls: graphCalls.get(pn.id) ?? 0, conditional });
    }
  }
  return sim;
}

function emptyPreview(problems: RunPreview["problems"]): RunPreview {
  return { items: 0, calls: 0, cachedCalls: 0, estimatedInputTokens: 0, estimatedOutputTokens: 0, estimatedCostUsd: null, messages: [], problems };
}

export async function previewRun(opts: PreviewOptions): Promise<RunPreview> {
  let plan: Plan;
  try {
    plan = opts.plan ?? buildPlan(opts.doc, { toNode: opts.toNode, fromNode: opts.fromNode, plugins: opts.plugins });
  } catch (e) {
    if (e instanceof PipelineInvalidError) return emptyPreview(e.problems);
    throw e;
  }
  const { store, baseDir } = opts;
  const controller = new AbortController();
  // The run's own setup (providers, source, images, rows): the preview sees what the run will.
  const opened = openRun(plan, { ...opts, concurrency: opts.concurrency ?? plan.doc.settings?.concurrency ?? DEFAULT_CONCURRENCY, signal: controller.signal });
  const { providers, images } = opened;
  try {
    const running = plan.order.filter((p) => p.def.mode !== "inert").map((p) => p.id);
    const emit = () => {};
    const caller = new PreviewCaller({ runId: "preview", doc: plan.doc, store, images, providers, signal: controller.signal, emit, streamTokens: false });
    if (opts.made) caller.made = opts.made;
    const stats = new RunStats(running, new Set(), emit, "preview");
    const rc = { runId: "preview", baseDir, plan, store, stats, caller, images, signal: controller.signal, emit, listening: false, readCache: !(opts.noCache ?? plan.doc.settings?.noCache ?? false) } satisfies RunContext;

    const graphCalls = structuralCalls(plan);
    const tallies = new Map<string, NodeTally>();
    for (const pn of plan.order) {
      const model = (pn.def.modelRefs(pn.config) as string[])[0];
      if (model && (graphCalls.get(pn.id) ?? 0) > 0) tallies.set(pn.id, new NodeTally(pn, model));
    }
    const limit = opts.limit ?? plan.doc.settings?.limit;
    const wanted = opts.itemIds ? new Set(opts.itemIds) : null;
    const maxExact = opts.maxExactItems ?? 2000;
    const deadline = performance.now() + (opts.exactBudgetMs ?? 3000);
    let items = 0;
    let exactItems = 0;
    let chosen: { row: SourceRow; sim: ItemSim } | null = null;

    // The same selection as the run's (runLoop.ts): the first `limit` rows, or the rows named in itemIds.
    const selectionDone = () => (limit !== undefined && items >= limit) || (wanted !== null && items >= wanted.size);
    for await (const row of opened.rows()) {
      const selected = !selectionDone() && (!wanted || wanted.has(row.itemId));
      const isChosen: boolean = !chosen && (opts.itemId === undefined ? selected : row.itemId === opts.itemId);
      if (!selected && !isChosen) {
        if (selectionDone() && (chosen || opts.itemId === undefined)) break;
        continue;
      }
      const exact: boolean = isChosen || (exactItems < maxExact && performance.now() < deadline);
      // An item shown but not run (itemId outside the selection) makes no call the run's items could share.
      const made = caller.made;
      if (!selected) caller.made = new Set(made);
      const sim: ItemSim | null = exact ? await simulateItem(rc, caller, plan, row, graphCalls) : null;
      caller.made = made;
      if (isChosen && sim) chosen = { row, sim };
      if (!selected) continue;
      items++;
      if (sim) {
        exactItems++;
        for (const call of sim.calls) {
          tallies.get(call.nodeId)?.add(call);
          opts.onCall?.(call);
        }
        for (const [nodeId, n] of sim.unrendered) tallies.get(nodeId)?.addUnrendered(n.calls, n.conditional);
      }
    }
    for (const pn of plan.itemNodes) tallies.get(pn.id)?.extrapolate(items - exactItems, exactItems, graphCalls.get(pn.id) ?? 0);
    // Nodes after an aggregate run once; their inputs are not known before the run.
    for (const pn of plan.afterNodes) tallies.get(pn.id)?.addUnrendered(graphCalls.get(pn.id) ?? 0, pn.def.skipsCalls(pn.config));

    const nodes: PreviewNodeEstimate[] = [...tallies.values()].map((t) => t.estimate(plan.doc));
    const sum = (f: (n: PreviewNodeEstimate) => number) => nodes.reduce((s, n) => s + f(n), 0);
    const priced = nodes.filter((n) => n.estimatedCostUsd !== null);
    const conditional = sum((n) => n.conditionalCalls);
    const firstCalls = new Map<string, PreviewCall>();
    for (const call of chosen?.sim.calls ?? []) if (!firstCalls.has(call.nodeId)) firstCalls.set(call.nodeId, call);
    const messages = [...firstCalls.values()].map((c) => ({
      nodeId: c.nodeId,
      model: c.model,
      messages: c.messages as ChatMessage[],
      exact: !c.unknown,
      cached: c.cached,
      cacheKey: c.key,
    }));
    return {
      items,
      calls: sum((n) => n.calls),
      cachedCalls: sum((n) => n.cachedCalls),
      estimatedInputTokens: sum((n) => n.estimatedInputTokens),
      estimatedOutputTokens: sum((n) => n.estimatedOutputTokens),
      estimatedCostUsd: priced.length ? priced.reduce((s, n) => s + (n.estimatedCostUsd ?? 0), 0) : null,
      messages,
      problems: [],
      ...(chosen ? { itemId: chosen.row.itemId } : {}),
      exactItems,
      estimated: exactItems < items,
      unknownCalls: sum((n) => n.unknownCalls),
      conditionalCalls: conditional,
      nodes,
      itemErrors: chosen?.sim.errors ?? [],
      notes: [
        `input tokens ≈ characters / ${CHARS_PER_TOKEN}, images not counted; tokens and cost count only calls not cached`,
        `output tokens: the node's cached replies when there are some, else params.maxTokens, else ${DEFAULT_OUTPUT_TOKENS} per call`,
        "cache hits: calls in the cache, and calls with the key of an earlier call (the run makes those once)",
        ...(conditional ? [`${conditional} calls are conditional: whether the run makes them depends on replies not cached yet (a shortcut or a filter decides); calls and tokens count them`] : []),
        ...(exactItems < items ? [`${exactItems} of ${items} items worked out exactly; the rest extrapolated from them`] : []),
      ],
    };
  } finally {
    controller.abort();
    await opened.close();
  }
}
