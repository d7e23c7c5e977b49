/**
 * The compare view (full width, over the workbench): the chosen runs (first = baseline), accuracy per run
 * with its interval, each pair's difference, bootstrap CI, exact McNemar p and verdict, per-node metrics,
 * the latency distribution of a node, and per-item outputs side by side with word diffs.
 */
import { useMemo, useState } from "react";
import { AccuracyChart } from "../charts/AccuracyChart";
import { LatencyHistogram } from "../charts/LatencyHistogram";
import { useRunDetail, useRunList } from "../runs/useRunData";
import { useView } from "../runs/viewStore";
import { useToolbarBottom } from "../run/useToolbarBottom";
import { fmtPct } from "../run/format";
import { CompareItems } from "./CompareItems";
import { NodeMetricsTable } from "./NodeMetricsTable";
import { PairCard } from "./PairCard";
import { CompareRunPicker } from "./CompareRunPicker";
import { LATENCY_SAMPLE, useCompare, useLatencies } from "./useCompareData";
import "./compare.css";

export function CompareView() {
  const open = useView((s) => s.compareOpen);
  const runIds = useView((s) => s.compareIds);
  if (!open) return null;
  return <CompareBody runIds={runIds} />;
}

function CompareBody({ runIds }: { runIds: string[] }) {
  const { result, error, loading } = useCompare(runIds);
  const { runs } = useRunList();
  const baseline = useRunDetail(runIds[0] ?? null);
  const nodeIds = useMemo(() => result?.nodes.map((n) => n.nodeId) ?? [], [result]);
  // The node whose outputs the score judged (the source of its "prediction" input), else the score node itself.
  const scoreNode = result?.runs[0]?.scoreNodeId ?? null;
  const judged = baseline?.doc.edges.find((e) => e.target === scoreNode && e.targetPort === "prediction")?.source ?? null;
  const [itemsNode, setItemsNode] = useState<string | null>(null);
  const itemNode = [itemsNode, judged, scoreNode, nodeIds[0]].find((id): id is string => !!id && nodeIds.includes(id)) ?? null;
  // Default latency node: the slowest (baseline mean) among the nodes every run has.
  const slowest = result?.nodes.filter((n) => n.cells.every((c) => c !== null)).sort((a, b) => (b.cells[0]?.latency.mean ?? 0) - (a.cells[0]?.latency.mean ?? 0))[0]?.nodeId ?? null;
  const [latNode, setLatNode] = useState<string | null>(null);
  const latencyNode = latNode ?? slowest;
  const lat = useLatencies(runIds, latencyNode);
  const labels = result?.runs.map((r) => r.label || r.id) ?? [];
  const close = () => useView.getState().setCompareOpen(false);
  const top = useToolbarBottom();

  return (
    <div className="compare" style={{ top }} role="dialog" aria-label="Compare runs" data-testid="compare-view">
      <header className="compare__head">
        <h2>Compare runs</h2>
        <CompareRunPicker runIds={runIds} runs={runs ?? []} />
        <span className="runbar__spacer" />
        <button type="button" className="btn" onClick={close} data-testid="compare-close">Close</button>
      </header>
      <div className="compare__body">
        {runIds.length < 2 && <p className="muted">Choose at least two runs.</p>}
        {loading && !result && <p className="muted">Comparing…</p>}
        {error && <p className="error" data-testid="compare-error">{error}</p>}
        {result && (
          <>
            <div className="compare__top">
              <section className="compare__card">
                <h3>Accuracy{result.runs[0].scoreNodeId ? <span className="muted small"> at {result.runs[0].scoreNodeId}, {Math.round(result.settings.level * 100)}% interval</span> : null}</h3>
                <AccuracyChart labels={labels} accuracy={result.accuracy} />
                <table className="cmp-acc" data-testid="accuracy-table">
                  <tbody>
                    {result.accuracy.map((a, i) => (
                      <tr key={a.runId} data-testid="accuracy-row" data-run-id={a.runId} data-value={a.value ?? ""}>
                        <th>{labels[i]}</th>
                        <td className="num" data-testid="accuracy-value">{fmtPct(a.value)}</td>
                        <td className="num muted">[{fmtPct(a.low)}, {fmtPct(a.high)}]</td>
                        <td className="num muted">{a.sum} / {a.n}{a.zeroed ? `, ${a.zeroed} unscored as 0` : ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              <div className="compare__pairs">
                {result.pairs.map((p, i) => (
                  <PairCard key={p.otherId} pair={p} index={i} />
                ))}
              </div>
              <section className="compare__card">
                <h3>
                  Latency of{" "}
                  <select className="input input--inline" value={latencyNode ?? ""} onChange={(e) => setLatNode(e.target.value)} data-testid="latency-node">
                    {nodeIds.map((id) => <option key={id} value={id}>{id}</option>)}
                  </select>
                </h3>
                {lat ? <LatencyHistogram labels={labels} latencies={lat.latencies} /> : <p className="muted small">Loading latencies…</p>}
                {lat && lat.totals.some((t) => t > LATENCY_SAMPLE) && <p className="muted small">First {LATENCY_SAMPLE.toLocaleString("en-US")} items of each run.</p>}
              </section>
            </div>
            <section className="compare__section">
              <h3>Per node</h3>
              <NodeMetricsTable result={result} />
            </section>
            <section className="compare__section compare__section--items">
              <h3>
                Outputs of{" "}
                <select className="input input--inline" value={itemNode ?? ""} onChange={(e) => setItemsNode(e.target.value)} data-testid="compare-items-node">
                  {nodeIds.map((id) => <option key={id} value={id}>{id}</option>)}
                </select>{" "}
                per item
              </h3>
              {itemNode && <CompareItems runIds={runIds} labels={labels} nodeId={itemNode} />}
            </section>
          </>
        )}
      </div>
    </div>
  );
}
