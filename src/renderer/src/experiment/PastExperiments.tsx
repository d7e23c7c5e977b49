/**
 * Earlier experiments (the store keeps them across restarts): when each started, its status and how many of its
 * cells finished; Open shows its cells and status above, and Results its matrix.
 */
import { useEffect } from "react";
import type { ExperimentStatus } from "../../../shared/contract";
import { CommandButton } from "../commands/CommandButton";
import { useEditor } from "../store/editorStore";
import { loadPastExperiments, useExperiment } from "./experimentStore";

export const EXPERIMENT_STATUS: Record<ExperimentStatus, string> = {
  running: "Running",
  done: "Done",
  stopped: "Stopped at the cap",
  cancelled: "Stopped",
  failed: "Failed",
  interrupted: "Interrupted (the app stopped while it ran)",
};

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

export function PastExperiments() {
  const pipelineId = useEditor((s) => s.pipelineId);
  const past = useExperiment((s) => s.past);
  const shown = useExperiment((s) => s.experimentId);
  useEffect(() => void loadPastExperiments(), [pipelineId]);
  if (!past.length) return null;
  return (
    <details className="exp__past" data-testid="experiment-past">
      <summary>
        Earlier experiments ({past.length}){pipelineId ? "" : " of every pipeline"}
      </summary>
      <ul>
        {past.map((e) => {
          const action = e.experimentId === shown ? "Shown" : "Open";
          return (
          <li key={e.experimentId} className={e.experimentId === shown ? "exp-past exp-past--shown" : "exp-past"} data-testid="experiment-past-row" data-experiment-id={e.experimentId} data-status={e.status}>
            <span className="exp-past__when">{when(e.startedAt)}</span>
            <span className="exp-past__what">
              {EXPERIMENT_STATUS[e.status]} · {e.cellsFinished}/{e.cells} cells
            </span>
            <CommandButton id="experiment.open" className="btn btn--small" ctx={{ experimentId: e.experimentId }} testId="experiment-open" label={`${action}: the experiment of ${when(e.startedAt)}`}>
              {action}
            </CommandButton>
            {!pipelineId && <span className="exp-past__name">{e.name}</span>}
          </li>
          );
        })}
      </ul>
    </details>
  );
}
