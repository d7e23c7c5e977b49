/**
 * Totals of a run whose process died, counted from the results it wrote. The engine keeps its totals in
 * memory and stores them when the run finishes (engine/stats.ts, runs.finish); a killed run never finishes, so
 * when it is marked interrupted (runLiveness.ts) its totals and accuracy are computed here instead:
 *   - items: the items with a result; itemsDone: those no node still owed a result (each node of the run has
 *     one, or sits below a dropped or pending one, after which the engine writes nothing); itemsFailed and
 *     itemsPending: the done ones with a failed or skipped (upstream failed), or a pending, result;
 *   - errors: failed results (the engine counts one per failure, as here);
 *   - calls: results that called a model (a cache key) and were not all cache hits; cacheHits: results served
 *     from the cache; a node's samples count once (the row does not say how many calls it made);
 *   - tokens: of the results that called a model, cached ones left out (their tokens were spent before);
 *     cost: of every result (a cache hit costs nothing);
 *   - accuracy of each score node over the numeric scores written (samples each count), as the engine keeps it.
 * "Nodes of the run" are the nodes with results (a run may cover part of its pipeline: which part is not
 * stored) and those the dataset feeds; the parents of a node come from the pipeline's edges. So an item whose
 * last nodes had not written anything when every item was short of them counts as done.
 */
import type { Database } from "better-sqlite3";
import type { Metric, RunTotals } from "../../shared/events";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import { getKind } from "../../shared/nodes/registry";
import { accuracy } from "../../shared/stats";
import { isSamples, type Value } from "../../shared/values";

/** The item id of an aggregate node's one result (engine/runContext.ts). */
const AGGREGATE_ITEM = "*";

/** Each node's item ids and statuses (one letter each), from the covering index results_items. */
const NODE_ITEMS_SQL = `SELECT node_id, json_group_array(item_id), group_concat(CASE status WHEN 'done' THEN 'd' WHEN 'cached' THEN 'c'
    WHEN 'failed' THEN 'f' WHEN 'skipped' THEN 's' WHEN 'dropped' THEN 'x' WHEN 'pending' THEN 'p' ELSE '?' END, '')
  FROM results WHERE run_id = ? AND item_id <> '${AGGREGATE_ITEM}' GROUP BY node_id`;

/** Sums over every result of the run (one range of the primary key). */
const SUMS_SQL = `SELECT
    COALESCE(SUM(status = 'failed'), 0) AS errors,
    COALESCE(SUM(cache_key IS NOT NULL AND status <> 'cached'), 0) AS calls,
    COALESCE(SUM(status = 'cached'), 0) AS cacheHits,
    COALESCE(SUM(CASE WHEN status <> 'cached' THEN input_tokens END), 0) AS inputTokens,
    COALESCE(SUM(CASE WHEN status <> 'cached' THEN output_tokens END), 0) AS outputTokens,
    COALESCE(SUM(cost_usd), 0) AS costUsd
  FROM results WHERE run_id = ?`;

/** A score node's scores (JSON), of its done and cached results. */
const SCORES_SQL = "SELECT json_group_array(output -> '$.score') FROM results WHERE run_id = ? AND node_id = ? AND status IN ('done', 'cached')";

const [OK, FAILED, DROPPED, PENDING, OWED] = [1, 2, 3, 4, 5];
/** A result's status letter (NODE_ITEMS_SQL) as the outcome it gives the nodes below it. */
const OUTCOME_OF_LETTER = new Uint8Array(128);
for (const [l, o] of Object.entries({ d: OK, c: OK, f: FAILED, s: FAILED, x: DROPPED, p: PENDING })) OUTCOME_OF_LETTER[l.charCodeAt(0)] = o;

/** The run's nodes (those with item results) in an order where parents come first; the rest after. */
function topoOrder(nodes: string[], parents: Map<string, string[]>): string[] {
  const out: string[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (id: string): void => {
    if (state.get(id)) return; // done, or a cycle (not in a valid pipeline)
    state.set(id, 1);
    for (const p of parents.get(id) ?? []) visit(p);
    state.set(id, 2);
    out.push(id);
  };
  nodes.forEach(visit);
  return out;
}

export interface InterruptedCounts {
  totals: RunTotals;
  metrics: Record<string, Metric[]>;
}

export function interruptedTotals(db: Database, runId: string, doc: PipelineDoc): InterruptedCounts {
  const perNode = db.prepare(NODE_ITEMS_SQL).raw().all(runId) as [string, string, string][];
  const nodes = perNode.map((r) => r[0]);
  // The per-item nodes fed by the dataset run too, even when none has written a result yet.
  const modeOf = (id: string) => getKind(doc.nodes.find((n) => n.id === id)?.kind ?? "")?.mode;
  for (const e of doc.edges) if (nodes.includes(e.source) && modeOf(e.source) === "source" && modeOf(e.target) === "per-item" && !nodes.includes(e.target)) nodes.push(e.target);
  const inRun = new Set(nodes);
  const parents = new Map<string, string[]>(nodes.map((id) => [id, [...new Set(doc.edges.filter((e) => e.target === id && inRun.has(e.source)).map((e) => e.source))]]));
  const order = topoOrder(nodes, parents);

  // Per node, per item (numbered as first seen): its result's status letter, undefined without a result.
  let first: string[] | null = null;
  const itemIndex = new Map<string, number>();
  const statusOf = new Map<string, Uint8Array | number[]>();
  for (const [nodeId, idsJson, letters] of perNode) {
    const ids = JSON.parse(idsJson) as string[];
    first ??= ids;
    // Nodes usually hold the same items in the same (index) order: no lookups then.
    let same = ids.length === first.length;
    for (let r = 0; same && r < ids.length; r++) same = ids[r] === first[r];
    if (same && itemIndex.size === 0) ids.forEach((id, r) => itemIndex.set(id, r));
    const letterAt: number[] = [];
    for (let r = 0; r < ids.length; r++) {
      let u = same ? r : itemIndex.get(ids[r]);
      if (u === undefined) itemIndex.set(ids[r], (u = itemIndex.size));
      letterAt[u] = letters.charCodeAt(r);
    }
    statusOf.set(nodeId, letterAt);
  }
  for (const id of nodes) if (!statusOf.has(id)) statusOf.set(id, []);
  const items = itemIndex.size;

  // Each node's outcome for an item, as the engine decides it (nodeRunner.ts): its result's, else, below a
  // parent still owed or failed (whose skip is not written yet) owed, below a dropped one dropped, below a
  // pending one pending; a node whose parents all gave values and that has no result is owed.
  const codes = order.map((id) => statusOf.get(id)!);
  const parentIdx = order.map((id) => parents.get(id)!.map((p) => order.indexOf(p)));
  const outcome = new Uint8Array(order.length);
  let itemsDone = 0;
  let itemsFailed = 0;
  let itemsPending = 0;
  for (let u = 0; u < items; u++) {
    let owed = false;
    let failed = false;
    let pending = false;
    for (let i = 0; i < order.length; i++) {
      const letter = codes[i][u];
      let o: number;
      if (letter !== undefined) o = OUTCOME_OF_LETTER[letter] || OWED;
      else {
        let below = 0; // the strongest reason among the parents: owed > dropped > pending
        for (const j of parentIdx[i]) {
          const p = outcome[j] === FAILED ? OWED : outcome[j];
          if (p === OWED) below = OWED;
          else if (p === DROPPED && below !== OWED) below = DROPPED;
          else if (p === PENDING && below === 0) below = PENDING;
        }
        o = below || OWED;
      }
      outcome[i] = o;
      if (o === OWED) owed = true;
      else if (o === FAILED) failed = true;
      else if (o === PENDING) pending = true;
    }
    if (owed) continue;
    itemsDone++;
    if (failed) itemsFailed++;
    if (pending) itemsPending++;
  }

  const sums = db.prepare(SUMS_SQL).get(runId) as Omit<RunTotals, "items" | "itemsDone" | "itemsFailed" | "itemsPending">;
  const totals: RunTotals = { items, itemsDone, itemsFailed, ...sums, ...(itemsPending ? { itemsPending } : {}) };

  const metrics: Record<string, Metric[]> = {};
  for (const node of doc.nodes) {
    if (node.kind !== "score" || !inRun.has(node.id)) continue;
    let sum = 0;
    let n = 0;
    const add = (v: Value | undefined): void => {
      if (isSamples(v)) v.values.forEach(add);
      else if (typeof v === "number" && Number.isFinite(v)) {
        sum += v;
        n++;
      }
    };
    for (const s of JSON.parse(db.prepare(SCORES_SQL).pluck().get(runId, node.id) as string) as (Value | null)[]) add(s ?? undefined);
    if (n > 0) metrics[node.id] = [accuracy(sum, n)];
  }
  return { totals, metrics };
}
