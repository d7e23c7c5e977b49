/**
 * The Pareto front of an experiment's cells on accuracy (higher is better) and cost (lower is better): the
 * cells no other cell beats on one without losing on the other. A cell is dominated when another has accuracy
 * at least as high and cost at most as high, and is strictly better on one of them. Cells without an accuracy
 * or a known cost are left out.
 */
export interface ParetoPoint {
  cell: number;
  accuracy: number | null;
  costUsd: number | null;
}

/** The cells on the front, by increasing cost. */
export function paretoFront(points: readonly ParetoPoint[]): number[] {
  const known = points.filter((p): p is ParetoPoint & { accuracy: number; costUsd: number } => p.accuracy !== null && p.costUsd !== null);
  const front = known.filter((p) => !known.some((q) => q !== p && q.accuracy >= p.accuracy && q.costUsd <= p.costUsd && (q.accuracy > p.accuracy || q.costUsd < p.costUsd)));
  return front.sort((a, b) => a.costUsd - b.costUsd || b.accuracy - a.accuracy || a.cell - b.cell).map((p) => p.cell);
}
