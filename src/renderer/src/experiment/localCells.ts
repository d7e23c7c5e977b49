/**
 * The cells of the open document's experiment as the panel lists them while it is edited: names and value
 * labels only, from the same expansion as the Node side (shared/experiment/cells.ts cellIndices, axes.ts
 * valueLabel). Whether each cell's pipeline is valid is for the preview to say.
 */
import type { ExperimentCellInfo } from "../../../shared/contract";
import { valueLabel } from "../../../shared/experiment/axes";
import { cellIndices, cellName } from "../../../shared/experiment/cells";
import type { PipelineDoc } from "../../../shared/pipeline/schema";

export function localCells(experiment: PipelineDoc["experiment"]): { cells: ExperimentCellInfo[]; error: string | null } {
  if (!experiment?.axes.length) return { cells: [], error: null };
  const labels = experiment.axes.map((a) => (a.files ? a.files.map((f) => `@${f}`) : (a.values ?? []).map(valueLabel)));
  try {
    const cells = cellIndices(labels.map((l) => l.length), experiment.combinations).map((idx, cell) => ({
      cell,
      name: cellName(cell),
      values: idx.map((v, a) => ({ path: experiment.axes[a].path, label: labels[a][v] })),
    }));
    return { cells, error: null };
  } catch (e) {
    return { cells: [], error: (e as Error).message };
  }
}
