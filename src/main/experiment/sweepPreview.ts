/**
 * The preview of a sweep, before anything runs: per cell the run preview of `cascade run` (engine/preview.ts:
 * calls, those already cached, tokens and cost of the others), plus the calls a cell shares with a cell that
 * runs before it (same cache key: made once, then a cache hit). Calls whose key depends on replies not yet
 * cached cannot be matched and count as made. Tokens and cost of shared calls are taken off per node, pro rata.
 */
import type { Cell } from "../../shared/experiment/cells";
import type { ExperimentCellPreview } from "../../shared/experimentsContract";
import { priceForModel, costUsd, type PriceOverrides } from "../../shared/pricing";
import { previewRun } from "../engine/preview";
import type { Store } from "../store/store";

/** One cell's preview: the contract's type (the app shows it as it is). */
export type CellPreview = ExperimentCellPreview;

export interface SweepPreview {
  cells: CellPreview[];
  calls: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export async function previewSweep(cells: readonly Cell[], order: readonly number[], o: { baseDir: string; store: Store; limit?: number; priceOverrides?: PriceOverrides }): Promise<SweepPreview> {
  const seen = new Set<string>();
  const out: CellPreview[] = [];
  for (const pos of order) {
    const cell = cells[pos];
    const shared = new Map<string, number>();
    const mine = new Set<string>();
    const p = await previewRun({
      doc: cell.doc,
      baseDir: o.baseDir,
      store: o.store,
      limit: o.limit,
      onCall: (call) => {
        if (call.cached || call.unknown) return;
        if (seen.has(call.key)) shared.set(call.nodeId, (shared.get(call.nodeId) ?? 0) + 1);
        mine.add(call.key);
      },
    });
    for (const k of mine) seen.add(k);
    let inputTokens = 0, outputTokens = 0, sharedAll = 0;
    let cost: number | null = 0;
    for (const n of p.nodes ?? []) {
      const uncached = n.calls - n.cachedCalls;
      const s = Math.min(shared.get(n.nodeId) ?? 0, uncached);
      sharedAll += s;
      const keep = uncached > 0 ? (uncached - s) / uncached : 0;
      const inTok = Math.round(n.estimatedInputTokens * keep);
      const outTok = Math.round(n.estimatedOutputTokens * keep);
      inputTokens += inTok;
      outputTokens += outTok;
      const price = priceForModel(cell.doc.models[n.model], o.priceOverrides)?.price;
      cost = cost === null || (!price && inTok + outTok > 0) ? null : cost + costUsd(price, inTok, outTok);
    }
    out.push({ cell: cell.index, calls: p.calls, cacheHits: p.cachedCalls + sharedAll, sharedWithEarlier: sharedAll, inputTokens, outputTokens, costUsd: cost, estimated: Boolean(p.estimated) });
  }
  const sum = (f: (c: CellPreview) => number) => out.reduce((s, c) => s + f(c), 0);
  return {
    cells: out,
    calls: sum((c) => c.calls),
    cacheHits: sum((c) => c.cacheHits),
    inputTokens: sum((c) => c.inputTokens),
    outputTokens: sum((c) => c.outputTokens),
    costUsd: out.some((c) => c.costUsd === null) ? null : sum((c) => c.costUsd ?? 0),
  };
}
