/** The cells of the experiment: each cell's values and, once it runs, its status, progress bar and run. */
import { useMemo } from "react";
import type { ExperimentCellState } from "../../../shared/contract";
import { useEditor } from "../store/editorStore";
import { useExperiment } from "./experimentStore";
import { localCells } from "./localCells";

const STATUS_TEXT: Record<ExperimentCellState["status"], string> = { waiting: "waiting", running: "running", done: "done", failed: "failed", cancelled: "stopped", "left-out": "left out" };

export function ExperimentCells() {
  const experiment = useEditor((s) => s.doc.experiment);
  const { cells, error } = useMemo(() => localCells(experiment), [experiment]);
  const last = useExperiment((s) => s.state);
  const opened = useExperiment((s) => s.opened);
  // The last experiment's cells while it runs, while the axes still define the same cells, or when it was opened
  // from the list of earlier ones; else the cells the axes define now.
  const same = !!last && JSON.stringify(last.cells.map((c) => c.values)) === JSON.stringify(cells.map((c) => c.values));
  const state = last && (last.status === "running" || same || opened) ? last : null;
  const shown = state?.cells ?? cells;
  if (error) return <p className="exp__error" role="alert" data-testid="experiment-cells-error">{error}</p>;
  if (!shown.length) return null;
  return (
    <section className="exp__cells">
      <h4>
        {shown.length} cell{shown.length === 1 ? "" : "s"}
        {state ? ` · experiment ${state.experimentId}` : last ? " (the axes changed since the last experiment: run it again)" : " (each one run of the whole pipeline)"}
      </h4>
      <ul data-testid="experiment-cells">
        {shown.map((c) => {
          const s = "status" in c ? (c as ExperimentCellState) : null;
          const frac = s && s.items > 0 ? s.itemsDone / s.items : 0;
          return (
            <li key={c.cell} className="exp-cell" data-testid="experiment-cell" data-cell={c.name} data-status={s?.status ?? "defined"} data-run-id={s?.runId}>
              <b>{c.name}</b> <span className="exp-cell__values">{c.values.map((v) => v.label).join(" · ")}</span>
              {s && (
                <span className="exp-cell__state">
                  <span className={`exp-cell__status exp-cell__status--${s.status}`}>{STATUS_TEXT[s.status]}</span>
                  {s.items > 0 && ` ${s.itemsDone}/${s.items}`}
                  <span className="exp-cell__bar" aria-hidden="true">
                    <span style={{ transform: `scaleX(${frac})` }} />
                  </span>
                  {s.leftOut && <span className="exp-cell__why">{s.leftOut}</span>}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
