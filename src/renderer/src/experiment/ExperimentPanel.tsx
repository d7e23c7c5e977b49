/**
 * The Experiment tab: the document's axes (from "Vary this" beside the config fields), its caps, the cells,
 * the preview (cells × calls, cache hits, tokens, cost), Run / Stop with each cell's progress, and the
 * results matrix (ExperimentResults, over the workbench) once a cell has finished; below, the earlier experiments.
 */
import { CommandButton } from "../commands/CommandButton";
import { useEditor } from "../store/editorStore";
import { AxisEditor } from "./AxisEditor";
import { ExperimentCaps } from "./ExperimentCaps";
import { ExperimentCells } from "./ExperimentCells";
import { ExperimentPreviewView } from "./ExperimentPreviewView";
import { useExperiment } from "./experimentStore";
import { EXPERIMENT_STATUS, PastExperiments } from "./PastExperiments";
import "./experiment.css";

export function ExperimentPanel() {
  const axes = useEditor((s) => s.doc.experiment?.axes.length ?? 0);
  const error = useExperiment((s) => s.error);
  const previewing = useExperiment((s) => s.previewing);
  const state = useExperiment((s) => s.state);
  return (
    <div className="config exp" data-testid="experiment-panel">
      {axes === 0 ? (
        <p className="muted" data-testid="experiment-empty">
          No experiment yet. Press <b>Vary this</b> beside a field (a prompt&apos;s template, a model&apos;s model or base URL, temperature, max tokens, samples, the dataset) to make it an axis; each combination of the axes&apos; values is a cell, one run of the pipeline.
        </p>
      ) : (
        Array.from({ length: axes }, (_, i) => <AxisEditor key={i} index={i} />)
      )}
      {axes > 0 && <ExperimentCaps />}
      <ExperimentCells />
      <div className="exp__actions">
        <CommandButton id="experiment.preview" testId="experiment-preview-btn">
          {previewing ? "Previewing…" : "Preview"}
        </CommandButton>
        <CommandButton id="experiment.run" className="btn btn--primary" testId="experiment-run">
          Run experiment
        </CommandButton>
        <CommandButton id="experiment.cancel" testId="experiment-cancel">
          Stop
        </CommandButton>
        <CommandButton id="experiment.results" testId="experiment-results-btn">
          Results
        </CommandButton>
      </div>
      {state && (
        <p className={`exp__status exp__status--${state.status}`} role="status" data-testid="experiment-status" data-status={state.status}>
          {EXPERIMENT_STATUS[state.status]}
          {state.capReached ? `: ${state.capReached}` : ""}
          {state.error ? `: ${state.error}` : ""}
        </p>
      )}
      {error && (
        <pre className="exp__error" role="alert" data-testid="experiment-error">
          {error}
        </pre>
      )}
      <ExperimentPreviewView />
      <PastExperiments />
    </div>
  );
}
