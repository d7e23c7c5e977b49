/**
 * The results grid's data: every item of the runs side by side at the node the score node scores (its
 * prediction), with each run's score per item (runs.compareItems, pages of 500, at most MAX_ITEMS items), and
 * each run's pass rate over the items loaded (passRates). Pure except for `loadGrid`.
 */
import type { CompareItemRow } from "../../../shared/contract";
import type { PipelineDoc } from "../../../shared/pipeline/schema";
import { getClient } from "../api/client";

export const MAX_ITEMS = 5000;
const PAGE = 500;

export interface RunColumn {
  runId: string;
  label: string;
  /** Mean score over the items it scored, null when none. */
  passRate: number | null;
  scored: number;
  passed: number;
}

export interface GridData {
  nodeId: string;
  columns: RunColumn[];
  rows: CompareItemRow[];
  total: number;
}

/** The node whose output is scored (the score node's prediction source), else the score node, else null. */
export function gridNode(doc: PipelineDoc): string | null {
  const score = doc.nodes.find((n) => n.kind === "score");
  if (!score) return null;
  return doc.edges.find((e) => e.target === score.id && e.targetPort === "prediction")?.source ?? score.id;
}

/**
 * Per run: the mean score over the items it has (an item it holds without a usable score counts 0, as the
 * compare view's accuracy counts it), how many items that is, and how many scored fully right.
 */
export function passRates(rows: readonly CompareItemRow[], runs: number): { passRate: number | null; scored: number; passed: number }[] {
  return Array.from({ length: runs }, (_, i) => {
    let sum = 0;
    let scored = 0;
    let passed = 0;
    for (const r of rows) {
      const s = r.scores?.[i];
      if (!r.cells[i] && (s === null || s === undefined)) continue; // not an item of this run
      scored++;
      sum += s ?? 0;
      if (s !== null && s !== undefined && s >= 1) passed++;
    }
    return { passRate: scored ? sum / scored : null, scored, passed };
  });
}

/** right (1), wrong (0), partial (between), or none (no score). */
export function verdict(score: number | null | undefined): "right" | "wrong" | "partial" | "none" {
  if (score === null || score === undefined) return "none";
  return score >= 1 ? "right" : score <= 0 ? "wrong" : "partial";
}

export async function loadGrid(runIds: string[]): Promise<GridData> {
  const client = getClient();
  // In start order, as the compare view orders them (the earliest is the baseline).
  const runs = (await Promise.all(runIds.map((runId) => client.call("runs.get", { runId })))).sort((a, b) => a.startedAt - b.startedAt);
  const ids = runs.map((r) => r.id);
  const nodeId = gridNode(runs[0].doc);
  if (!nodeId) throw new Error(`"${runs[0].label || runs[0].pipelineName}" has no score node: the grid colours items by their score`);
  const rows: CompareItemRow[] = [];
  let total = 0;
  do {
    const page = await client.call("runs.compareItems", { runIds: ids, nodeId, offset: rows.length, limit: PAGE });
    total = page.total;
    rows.push(...page.rows);
    if (page.rows.length === 0) break;
  } while (rows.length < Math.min(total, MAX_ITEMS));
  const rates = passRates(rows, ids.length);
  const columns = runs.map((r, i) => ({ runId: r.id, label: r.label || `${r.pipelineName} · ${r.id.slice(0, 8)}`, ...rates[i] }));
  return { nodeId, columns, rows, total };
}
