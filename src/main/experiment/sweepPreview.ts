/**
 * The preview of a sweep, before anything runs: per cell the run preview of `cascade run` (engine/preview.ts),
 * with the cells previewed in run order over one set of the calls made so far (`made`): a call with the key
 * of a call an earlier cell makes is a cache hit there, as in the sweep (the cache, or the call in flight).
 * Calls below a reply not cached have keys over placeholders that name the missing call, so a later cell
 * that asks the same thing of the same reply shares them too. Per cell and per model: calls, cache hits,
 * and the calls the run may not make (conditional: a shortcut or a drop decides on replies not cached yet).
 * calls − cacheHits is the most the sweep sends; it is exact when none are conditional (README "Preview").
 */
import type { Cell } from "../../shared/experiment/cells";
import type { ExperimentCellPreview, ExperimentModelPreview } from "../../shared/experimentsContract";
import { priceForModel, costUsd, type PriceOverrides } from "../../shared/pricing";
import { previewRun } from "../engine/preview";
import type { Store } from "../store/store";

/** One cell's preview: the contract's type (the app shows it as it is). */
export type CellPreview = ExperimentCellPreview;

export interface SweepPreview {
  cells: CellPreview[];
  calls: number;
  cacheHits: number;
  conditionalCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export async function previewSweep(cells: readonly Cell[], order: readonly number[], o: { baseDir: string; store: Store; limit?: number; priceOverrides?: PriceOverrides }): Promise<SweepPreview> {
  const made = new Set<string>();
  /** The cell whose preview first made each call (of the items worked out exactly). */
  const madeBy = new Map<string, number>();
  const out: CellPreview[] = [];
  for (const pos of order) {
    const cell = cells[pos];
    let sharedWithEarlier = 0;
    const p = await previewRun({
      doc: cell.doc,
      baseDir: o.baseDir,
      store: o.store,
      limit: o.limit,
      made,
      onCall: (call) => {
        if (call.shared && madeBy.get(call.key) !== pos) sharedWithEarlier++;
        else if (!call.cached && !call.shared) madeBy.set(call.key, pos);
      },
    });
    let inputTokens = 0, outputTokens = 0;
    let cost: number | null = 0;
    const models = new Map<string, ExperimentModelPreview>();
    for (const n of p.nodes ?? []) {
      inputTokens += n.estimatedInputTokens;
      outputTokens += n.estimatedOutputTokens;
      const price = priceForModel(cell.doc.models[n.model], o.priceOverrides)?.price;
      const tokens = n.estimatedInputTokens + n.estimatedOutputTokens;
      cost = cost === null || (!price && tokens > 0) ? null : cost + costUsd(price, n.estimatedInputTokens, n.estimatedOutputTokens);
      const m = models.get(n.model) ?? { model: n.model, calls: 0, cacheHits: 0, conditionalCalls: 0 };
      m.calls += n.calls;
      m.cacheHits += n.cachedCalls;
      m.conditionalCalls += n.conditionalCalls;
      models.set(n.model, m);
    }
    out.push({
      cell: cell.index,
      calls: p.calls,
      cacheHits: p.cachedCalls,
      sharedWithEarlier,
      conditionalCalls: p.conditionalCalls ?? 0,
      models: [...models.values()],
      inputTokens,
      outputTokens,
      costUsd: cost,
      estimated: Boolean(p.estimated),
    });
  }
  const sum = (f: (c: CellPreview) => number) => out.reduce((s, c) => s + f(c), 0);
  return {
    cells: out,
    calls: sum((c) => c.calls),
    cacheHits: sum((c) => c.cacheHits),
    conditionalCalls: sum((c) => c.conditionalCalls),
    inputTokens: sum((c) => c.inputTokens),
    outputTokens: sum((c) => c.outputTokens),
    costUsd: out.some((c) => c.costUsd === null) ? null : sum((c) => c.costUsd ?? 0),
  };
}
