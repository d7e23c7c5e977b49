/** A run's filter, review, judge, mix and export nodes in pipeline order (mix and export count samples) (the focused one outlined): in, out, dropped (why, grouped), pending, failed. */
import type { NodeReport } from "../../../shared/contract";
import { formatClauseValues } from "../../../shared/ddf/conditionClause";

function Reasons({ title, list }: { title: string; list: NodeReport["dropReasons"] }) {
  if (list.length === 0) return null;
  return (
    <div className="report__reasons">
      <span className="muted">{title}</span>
      <ul>
        {list.map((r) => (
          <li key={r.reason} data-testid="report-reason">
            <b>{r.count}×</b> <span className="report__why">{r.reason}</span>
            {r.values?.length ? (
              <ul className="report__examples">
                {r.values.map((v, i) => (
                  <li key={r.items[i] ?? i} data-testid="report-example">
                    <span className="muted">{r.items[i]}:</span> <code>{formatClauseValues(v)}</code>
                  </li>
                ))}
              </ul>
            ) : (
              <span className="muted"> — e.g. {r.items.join(", ")}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ReportView({ reports, focus }: { reports: NodeReport[] | null | undefined; focus?: string }) {
  if (!reports) return <p className="muted">Loading the report…</p>;
  if (reports.length === 0) return <p className="muted">This run has no filter, review, judge, mix or export nodes.</p>;
  return (
    <div className="report" data-testid="report">
      {reports.map((r) => (
        <section key={r.nodeId} ref={r.nodeId === focus ? (el) => el?.scrollIntoView({ block: "nearest" }) : undefined} className={`report__node${r.nodeId === focus ? " report__node--focus" : ""}`} data-testid={`report-${r.nodeId}`}>
          <h4>
            {r.label ?? r.nodeId} <span className="muted">{r.kind}</span>
          </h4>
          <div className="report__counts">
            <span data-testid="report-in">{r.in}{r.unit ? ` ${r.unit}` : ""} in</span>
            <span className="report__out" data-testid="report-out">{r.out} out</span>
            {r.dropped > 0 && <span className="report__dropped" data-testid="report-dropped">{r.dropped} dropped</span>}
            {r.pending > 0 && <span className="report__pending" data-testid="report-pending">{r.pending} pending</span>}
            {r.failed > 0 && <span className="report__failed">{r.failed} failed</span>}
            {r.skipped > 0 && <span className="muted">{r.skipped} skipped (upstream failed)</span>}
          </div>
          {r.labels && Object.keys(r.labels).length > 0 && (
            <div className="report__labels muted">labels: {Object.entries(r.labels).map(([l, n]) => `${l} ${n}`).join(" · ")}</div>
          )}
          <Reasons title="dropped because" list={r.dropReasons} />
          <Reasons title="failed because" list={r.failures} />
        </section>
      ))}
    </div>
  );
}
