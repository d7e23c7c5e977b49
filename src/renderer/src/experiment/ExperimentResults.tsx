/**
 * The results of the experiment, over the workbench like the compare view: the best cell and how sure that
 * is, the matrix (a dataset column to break accuracy down by), accuracy against cost with the Pareto front,
 * every pair's Holm-adjusted test, and the cells left out. Two ticked cells open in the compare view.
 */
import { CommandButton } from "../commands/CommandButton";
import { useEditor } from "../store/editorStore";
import { useToolbarBottom } from "../run/useToolbarBottom";
import { PairsTable } from "./PairsTable";
import { ParetoScatter } from "./ParetoScatter";
import { ResultsMatrix } from "./ResultsMatrix";
import { setBy, setResultsOpen, useExperiment } from "./experimentStore";
import "../compare/compare.css";

function useColumns(): string[] {
  return useEditor((s) =>
    s.doc.nodes
      .filter((n) => n.kind === "dataset")
      .flatMap((n) => ((n.config.columns as { name: string; type: string }[] | undefined) ?? []).filter((c) => c.type !== "image").map((c) => c.name))
      .join("\n"),
  )
    .split("\n")
    .filter(Boolean);
}

export function ExperimentResults() {
  const open = useExperiment((s) => s.resultsOpen);
  const state = useExperiment((s) => s.state);
  const by = useExperiment((s) => s.by);
  const selected = useExperiment((s) => s.selected);
  const columns = useColumns();
  const top = useToolbarBottom();
  if (!open || !state) return null;
  const m = state.matrix;
  const left = state.cells.filter((c) => c.leftOut);
  return (
    <div className="compare exp-results" style={{ top }} role="dialog" aria-label="Experiment results" data-testid="experiment-results">
      <div className="compare__head">
        <h2>Experiment {state.experimentId}</h2>
        <span className="muted small" data-testid="experiment-results-status">
          {state.status === "running" ? "running: the matrix grows as cells finish" : `${m?.rows.length ?? 0} of ${state.cells.length} cells finished`}
        </span>
        <span className="runbar__spacer" />
        <label className="small">
          Accuracy by{" "}
          <select className="input" style={{ width: "auto" }} value={by} onChange={(e) => setBy(e.target.value)} data-testid="experiment-by">
            <option value="">(no column)</option>
            {columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <CommandButton id="experiment.compareCells" testId="experiment-compare">
          Compare {selected.length === 2 ? "the 2 ticked cells" : "(tick 2 cells)"}
        </CommandButton>
        <button type="button" className="btn" onClick={() => setResultsOpen(false)} data-testid="experiment-results-close">
          Close
        </button>
      </div>
      <div className="compare__body">
        {!m ? (
          <p className="muted">No cell has finished yet.</p>
        ) : (
          <>
            <section className="compare__section">
              <h3>Best cell</h3>
              <p className={`exp-best${m.best.sure ? " exp-best--sure" : ""}`} data-testid="experiment-best" data-cell={m.best.name ?? ""} data-sure={m.best.sure}>
                {m.best.text}
              </p>
            </section>
            <section className="compare__section" data-testid="experiment-matrix-section">
              <h3>Cells</h3>
              <ResultsMatrix matrix={m} cells={state.cells} />
              <p className="muted small">
                Accuracy: the score node&apos;s mean with its {Math.round(m.level * 100)}% interval, as <code>cascade compare</code>. Calls: calls made (cache hits not counted); latency: per model node the median of its calls made, summed. ★ the best cell. Tick two cells to compare them.
              </p>
            </section>
            <section className="compare__section" data-testid="experiment-pairs-section">
              <h3>Pairs (exact paired test, p Holm-adjusted over the {m.pairs.length} pairs)</h3>
              <PairsTable matrix={m} />
            </section>
            <section className="compare__section exp-results__scatter" data-testid="experiment-scatter-section">
              <h3>Accuracy vs cost</h3>
              <ParetoScatter matrix={m} />
            </section>
          </>
        )}
        {left.length > 0 && (
          <section className="compare__section" data-testid="experiment-left-out">
            <h3>Left out of the matrix</h3>
            <ul>
              {left.map((c) => (
                <li key={c.cell}>
                  <b>{c.name}</b> {c.values.map((v) => v.label).join(" · ")}: {c.leftOut}
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </div>
  );
}
