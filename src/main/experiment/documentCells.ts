/**
 * The cells of a document's own `experiment` section, in run order: its axes (files read relative to the
 * pipeline's folder), expanded and validated (shared/experiment/cells.ts) and scheduled (schedule.ts). The
 * app's experiments service uses it; `cascade sweep` does the same with --axis arguments in their place.
 */
import { axesOfExperiment, ExperimentError } from "../../shared/experiment/axes";
import { expandCells, type Cell } from "../../shared/experiment/cells";
import { scheduleCells } from "../../shared/experiment/schedule";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import { readAxes } from "./readAxes";

export async function documentCells(doc: PipelineDoc, baseDir: string): Promise<{ cells: Cell[]; order: number[] }> {
  if (!doc.experiment) throw new ExperimentError('the pipeline has no experiment: add an axis with "Vary this" beside a field');
  const axes = await readAxes(axesOfExperiment(doc.experiment), baseDir);
  const cells = expandCells(doc, axes, doc.experiment.combinations);
  return { cells, order: scheduleCells(cells.map((c) => c.doc)) };
}
