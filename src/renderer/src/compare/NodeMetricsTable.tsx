/** Per-node metrics side by side: accuracy with interval (score node), latency mean/p95, tokens, cost, error rate. */
import { Fragment } from "react";
import type { CompareResult, NodeMetricCell } from "../../../shared/compare/types";
import { fmtCost, fmtCount, fmtDuration, fmtPct } from "../run/format";

function Cell({ c }: { c: NodeMetricCell | null }) {
  if (!c) return <td colSpan={5} className="muted">not in this run</td>;
  const a = c.accuracy;
  return (
    <>
      <td className="num" data-testid="metric-accuracy">{a ? <>{fmtPct(a.value)} <span className="muted small">[{fmtPct(a.low)}, {fmtPct(a.high)}]</span></> : ""}</td>
      <td className="num">{fmtDuration(c.latency.mean)} <span className="muted small">/ {fmtDuration(c.latency.p95)}</span></td>
      <td className="num">{fmtCount(c.totalTokens)}</td>
      <td className="num">{fmtCost(c.costUsd)}</td>
      <td className={`num${c.errors ? " error" : ""}`}>{c.errorRate === null ? "—" : fmtPct(c.errorRate)}</td>
    </>
  );
}

export function NodeMetricsTable({ result }: { result: CompareResult }) {
  return (
    <div className="cmp-table-wrap" tabIndex={0} role="region" aria-label="Per-node metrics">
      <table className="cmp-table" data-testid="node-metrics">
        <thead>
          <tr>
            <th rowSpan={2}>node</th>
            {result.runs.map((r, i) => (
              <th key={r.id} colSpan={5} className={`cmp-run cmp-run--${i}`}>{r.key} · {r.label}</th>
            ))}
          </tr>
          <tr>
            {result.runs.map((r) => (
              <Fragment key={r.id}>
                <th>accuracy [CI]</th>
                <th>latency mean / p95</th>
                <th>tokens</th>
                <th>cost</th>
                <th>errors</th>
              </Fragment>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.nodes.map((row) => (
            <tr key={row.nodeId} data-testid={`node-metrics-${row.nodeId}`}>
              <th title={row.nodeId}>{row.label}{row.label !== row.nodeId && <span className="muted small mono"> {row.nodeId}</span>}</th>
              {row.cells.map((c, i) => (
                <Cell key={i} c={c} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
