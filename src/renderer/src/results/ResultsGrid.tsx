/**
 * Results grid (as promptfoo's viewer): items × runs, each cell the scored answer coloured by right / wrong /
 * partial / no score, the run's pass rate in its header; a click opens the item's trace in that run.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import { useView } from "../runs/viewStore";
import { cellText } from "../inspector/valueText";
import { useGrid } from "./gridStore";
import { loadGrid, MAX_ITEMS, verdict, type GridData } from "./gridData";
import "./results.css";

const ROW = 30;
const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);

export function ResultsGrid() {
  const runIds = useGrid((s) => s.runIds);
  if (!runIds) return null;
  return <Grid key={runIds.join(",")} runIds={runIds} />;
}

function Grid({ runIds }: { runIds: string[] }) {
  const [data, setData] = useState<GridData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    loadGrid(runIds).then(setData, (e: Error) => setError(e.message));
  }, [runIds]);
  useEffect(() => {
    const esc = (e: KeyboardEvent) => e.key === "Escape" && !useView.getState().trace && useGrid.getState().open(null);
    window.addEventListener("keydown", esc);
    return () => window.removeEventListener("keydown", esc);
  }, []);
  const rows = data?.rows ?? [];
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 10 });
  const cols = `minmax(120px, 220px) repeat(${runIds.length}, minmax(120px, 1fr))`;
  return (
    <div className="grid-view" role="dialog" aria-label="Results grid" data-testid="results-grid">
      <div className="compare__head">
        <h2>Results grid</h2>
        {data && (
          <span className="muted small">
            {rows.length < data.total ? `first ${rows.length} of ${data.total} items` : `${data.total} items`} × {runIds.length} run{runIds.length > 1 ? "s" : ""} at {data.nodeId} · green right, red wrong, amber partly right, grey not scored · click a cell for its trace
          </span>
        )}
        <span className="runbar__spacer" />
        <button type="button" className="btn btn--small" onClick={() => useGrid.getState().open(null)} data-testid="results-grid-close">
          Close
        </button>
      </div>
      {error && <p className="error outputs__error">{error}</p>}
      {!data && !error && <p className="muted outputs__error">Loading…</p>}
      {data && (
        <div className="rgrid">
          <div className="rgrid__head" style={{ gridTemplateColumns: cols }}>
            <span>item</span>
            {data.columns.map((c, i) => (
              <span key={c.runId} className="rgrid__run" title={`${c.label}: mean score over its ${c.scored} items (unscored count 0); ${c.passed} fully right`} data-testid={`grid-run-${i}`} data-pass-rate={c.passRate ?? ""}>
                <span className="rgrid__label">{c.label}</span>
                <strong className="rgrid__rate">{pct(c.passRate)}</strong>
                <span className="muted small">
                  {c.passed}/{c.scored}
                </span>
              </span>
            ))}
          </div>
          <div className="rgrid__scroll" ref={scroller}>
            <div style={{ height: v.getTotalSize(), position: "relative" }}>
              {v.getVirtualItems().map((vi) => {
                const r = rows[vi.index];
                return (
                  <div key={r.itemId} className="rgrid__row" style={{ gridTemplateColumns: cols, height: ROW, transform: `translateY(${vi.start}px)` }} data-testid="grid-row" data-item-id={r.itemId}>
                    <span className="rgrid__item" title={r.itemId}>
                      {r.itemId}
                    </span>
                    {data.columns.map(({ runId }, i) => {
                      const cell = r.cells[i];
                      const score = r.scores?.[i];
                      const text = cell?.error ?? (cell?.output ? cellText(Object.values(cell.output)[0], 80) : cell ? cell.status : "no result");
                      return (
                        <button
                          key={runId}
                          type="button"
                          className={`rgrid__cell rgrid__cell--${verdict(score)}`}
                          title={`${text}${score === null || score === undefined ? "" : ` (score ${score})`}`}
                          onClick={() => useView.getState().openTrace({ runId, itemId: r.itemId, nodeId: data.nodeId })}
                          data-testid={`grid-cell-${i}`}
                          data-verdict={verdict(score)}
                        >
                          {text}
                        </button>
                      );
                    })}
                  </div>
                );
              })}
            </div>
          </div>
          {data.total > MAX_ITEMS && <p className="muted small outputs__error">The grid shows the first {MAX_ITEMS} items; pass rates are over those.</p>}
        </div>
      )}
    </div>
  );
}
