/**
 * Experiment commands: "Vary this" beside a config field (adds an axis for the field's --set path to the
 * document's experiment section, its current value the first value), the Experiment panel's axis and value
 * actions (document edits, so undo reverts them), preview, run, stop, the results matrix and comparing two
 * ticked cells in the compare view.
 */
import { editor } from "../store/editorStore";
import { toast } from "../store/toastStore";
import { useUi } from "../store/uiStore";
import { addAxis, addValue, hasAxis, removeAxis, removeValue } from "../experiment/experimentOps";
import { cancelExperiment, openExperiment, previewExperiment, setResultsOpen, startExperiment, useExperiment } from "../experiment/experimentStore";
import { compareRuns } from "../runs/runActions";
import type { Command } from "./types";

const hasExperiment = () => (editor().doc.experiment?.axes.length ?? 0) > 0;
const running = () => useExperiment.getState().state?.status === "running" || useExperiment.getState().starting;
const axisOf = (i: number | undefined) => (i === undefined ? undefined : editor().doc.experiment?.axes[i]);

/** The runs of the ticked cells that finished (in the matrix). */
export function selectedCellRuns(): string[] {
  const { state, selected } = useExperiment.getState();
  const rows = state?.matrix?.rows ?? [];
  return selected.map((c) => rows.find((r) => r.cell === c)?.runId).filter((id): id is string => !!id);
}

export const experimentCommands: Command[] = [
  {
    id: "experiment.vary",
    title: "Vary this field in an experiment",
    section: "Experiment",
    enabled: (ctx) => !!ctx.fieldPath && !hasAxis(editor().doc, ctx.fieldPath),
    run: (ctx) => {
      editor().edit((doc) => addAxis(doc, ctx.fieldPath!, ctx.fieldValue));
      const axes = editor().doc.experiment?.axes.length ?? 0;
      toast(`Axis ${ctx.fieldPath} added (${axes} ${axes === 1 ? "axis" : "axes"}): add its other values in the Experiment tab`, "ok");
    },
  },
  {
    id: "experiment.removeAxis",
    title: "Remove this axis",
    section: "Experiment",
    enabled: (ctx) => !!axisOf(ctx.axis),
    run: (ctx) => editor().edit((doc) => removeAxis(doc, ctx.axis!)),
  },
  {
    id: "experiment.addValue",
    title: "Add a value to this axis",
    section: "Experiment",
    enabled: (ctx) => !!axisOf(ctx.axis)?.values,
    run: (ctx) => editor().edit((doc) => addValue(doc, ctx.axis!)),
  },
  {
    id: "experiment.removeValue",
    title: "Remove this value",
    section: "Experiment",
    enabled: (ctx) => ctx.value !== undefined && (axisOf(ctx.axis)?.values?.length ?? 0) > 1,
    run: (ctx) => editor().edit((doc) => removeValue(doc, ctx.axis!, ctx.value!)),
  },
  { id: "experiment.preview", title: "Preview the experiment (cells × calls, cache hits, tokens, cost)", section: "Experiment", enabled: hasExperiment, run: () => previewExperiment() },
  { id: "experiment.run", title: "Run the experiment (every cell a run)", section: "Experiment", enabled: () => hasExperiment() && !running(), run: () => startExperiment() },
  { id: "experiment.cancel", title: "Stop the experiment (finished cells are kept)", section: "Experiment", enabled: () => useExperiment.getState().state?.status === "running", run: () => cancelExperiment() },
  {
    id: "experiment.results",
    title: "Experiment results: matrix, pairs, accuracy vs cost",
    section: "Experiment",
    enabled: () => !!useExperiment.getState().state?.matrix,
    run: () => setResultsOpen(true),
  },
  {
    id: "experiment.compareCells",
    title: "Compare the two ticked cells",
    section: "Experiment",
    enabled: () => selectedCellRuns().length === 2,
    run: () => compareRuns(selectedCellRuns()),
  },
  {
    id: "experiment.open",
    title: "Open an earlier experiment (its cells and results)",
    section: "Experiment",
    enabled: (ctx) => !!ctx.experimentId && useExperiment.getState().state?.status !== "running",
    run: (ctx) => ctx.experimentId && openExperiment(ctx.experimentId),
  },
  { id: "view.experiment", title: "Show the experiment", section: "View", run: () => useUi.getState().setRightTab("experiment") },
];
