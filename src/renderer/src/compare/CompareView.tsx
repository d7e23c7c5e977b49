/**
 * The compare view (full width, over the workbench): the runs in compare order (A = the baseline: marked ★,
 * else the run that started first), what differs between their configurations, warnings about never-scored
 * items, accuracy per run with its interval, each pair's verdict with its tests, accuracy by a dataset column,
 * per-node metrics, the latency distribution of a node, and per-item outputs side by side with word diffs.
 */
import { useMemo, useState } from "react";
import type { UnscoredPolicy } from "../../../shared/compare/pairing";
import { LatencyHistogram } from "../charts/LatencyHistogram";
import { CommandButton } from "../commands/CommandButton";
import { useRunDetail, useRunList } from "../runs/useRunData";
import { useView } from "../runs/viewStore";
import { useToolbarBottom } from "../run/useToolbarBottom";
import { AccuracyCard } from "./AccuracyCard";
import { CategoryTable } from "./CategoryTable";
import { CompareHelp } from "./CompareHelp";
import { CompareItems } from "./CompareItems";
import { ConfigDiffTable } from "./ConfigDiffTable";
import { NodeMetricsTable } from "./NodeMetricsTable";
import { PairCard } from "./PairCard";
import { CompareRunPicker } from "./CompareRunPicker";
import { longName, shortName, baselineWhy } from "./runName";
import { LATENCY_SAMPLE, useCompare, useLatencies } from "./useCompareData";
import "./compare.css";

export function CompareView() {
  const open = useView((s) => s.compareOpen);
  const runIds = useView((s) => s.compareIds);
  if (!open) return null;
  return <CompareBody runIds={runIds} />;
}

function CompareBody({ runIds }: { runIds: string[] }) {
  const baselineMark = useView((s) => s.compareBaseline);
  const by = useView((s) => s.compareBy);
  const unscored = useView((s) => s.compareUnscored);
  const { setCompareBy: setBy, setCompareUnscored: setUnscored } = useView.getState();
  const { result, error, loading } = useCompare(runIds, { ...(baselineMark ? { baseline: baselineMark } : {}), ...(by ? { by: [by] } : {}), unscored });
  const { runs } = useRunList();
  const orderedIds = useMemo(() => result?.runs.map((r) => r.id) ?? [], [result]);
  const baseline = useRunDetail(orderedIds[0] ?? null);
  const nodeIds = useMemo(() => result?.nodes.map((n) => n.nodeId) ?? [], [result]);
  const nodeLabel = (id: string) => result?.nodes.find((n) => n.nodeId === id)?.label ?? id;
  const columns = useMemo(() => (baseline?.doc.nodes.filter((n) => n.kind === "dataset") ?? []).flatMap((n) => ((n.config.columns as { name: string; type: string }[] | undefined) ?? []).filter((c) => c.type !== "image").map((c) => c.name)), [baseline]);
  // The node whose outputs the score judged (the source of its "prediction" input), else the score node itself.
  const scoreNode = result?.runs[0]?.scoreNodeId ?? null;
  const judged = baseline?.doc.edges.find((e) => e.target === scoreNode && e.targetPort === "prediction")?.source ?? null;
  const [itemsNode, setItemsNode] = useState<string | null>(null);
  const itemNode = [itemsNode, judged, scoreNode, nodeIds[0]].find((id): id is string => !!id && nodeIds.includes(id)) ?? null;
  // Default latency node: the slowest (baseline mean) among the nodes every run has.
  const slowest = result?.nodes.filter((n) => n.cells.every((c) => c !== null)).sort((a, b) => (b.cells[0]?.latency.mean ?? 0) - (a.cells[0]?.latency.mean ?? 0))[0]?.nodeId ?? null;
  const [latNode, setLatNode] = useState<string | null>(null);
  const latencyNode = latNode ?? slowest;
  const lat = useLatencies(orderedIds, latencyNode);
  const labels = result?.runs.map(shortName) ?? [];
  const close = () => useView.getState().setCompareOpen(false);
  const top = useToolbarBottom();

  return (
    <div className="compare" style={{ top }} role="dialog" aria-label="Compare runs" data-testid="compare-view">
      <div className="compare__head">
        <h2>Compare runs</h2>
        <CompareRunPicker runIds={runIds} runs={runs ?? []} compared={result?.runs ?? null} />
        <span className="runbar__spacer" />
        <CommandButton id="file.saveReport" testId="compare-save-report">Save report…</CommandButton>
        <button type="button" className="btn" onClick={close} data-testid="compare-close">Close</button>
      </div>
      <div className="compare__body">
        {runIds.length < 2 && <p className="muted">Choose at least two runs.</p>}
        {loading && !result && <p className="muted">Comparing…</p>}
        {error && <p className="error" data-testid="compare-error">{error}</p>}
        {result && (
          <>
            <section className="compare__section compare__legend">
              <table className="cmp-acc" data-testid="compare-legend">
                <tbody>
                  {result.runs.map((r, i) => (
                    <tr key={r.id} className={`cmp-run--${i}`} data-testid="compare-legend-row" data-run-id={r.id}>
                      <th><span className="cmp-swatch" /> {r.key}</th>
                      <td>{longName(r)}</td>
                      <td className="muted small mono">{r.id}</td>
                      <td className={r.status && r.status !== "done" ? "error" : "muted"}>{r.status}</td>
                      <td className="muted small">{i === 0 ? baselineWhy(r) : ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="compare__options">
                <label className="small">
                  Never-scored items{" "}
                  <select className="input input--inline" value={unscored} onChange={(e) => setUnscored(e.target.value as UnscoredPolicy)} data-testid="compare-unscored">
                    <option value="exclude">left out</option>
                    <option value="wrong">count as wrong</option>
                  </select>
                </label>
                <CompareHelp />
              </div>
            </section>
            {result.warnings.length > 0 && (
              <ul className="compare__warnings" data-testid="compare-warnings" role="status">
                {result.warnings.map((w) => <li key={w}>⚠ {w}</li>)}
              </ul>
            )}
            <section className="compare__section">
              <h3>What differs between the runs</h3>
              <ConfigDiffTable diff={result.configDiff} runs={result.runs} />
            </section>
            <div className="compare__top">
              <AccuracyCard result={result} />
              <div className="compare__pairs">
                {result.pairs.map((p, i) => (
                  <PairCard key={p.otherId} pair={p} index={i} />
                ))}
              </div>
              <section className="compare__card">
                <h3>
                  Latency of{" "}
                  <select className="input input--inline" aria-label="Node whose latency is shown" value={latencyNode ?? ""} onChange={(e) => setLatNode(e.target.value)} data-testid="latency-node">
                    {nodeIds.map((id) => <option key={id} value={id}>{nodeLabel(id)}</option>)}
                  </select>
                </h3>
                {lat ? <LatencyHistogram labels={labels} latencies={lat.latencies} /> : <p className="muted small">Loading latencies…</p>}
                {lat && lat.totals.some((t) => t > LATENCY_SAMPLE) && <p className="muted small">First {LATENCY_SAMPLE.toLocaleString("en-US")} items of each run.</p>}
              </section>
            </div>
            <section className="compare__section">
              <h3>
                Accuracy by{" "}
                <select className="input input--inline" aria-label="Dataset column to break accuracy down by" value={by} onChange={(e) => setBy(e.target.value)} data-testid="compare-by">
                  <option value="">(choose a dataset column)</option>
                  {columns.map((c) => <option key={c} value={c}>{c}</option>)}
                </select>
              </h3>
              {result.categories.map((c) => <CategoryTable key={c.column} breakdown={c} runs={result.runs} />)}
            </section>
            <section className="compare__section">
              <h3>Per node</h3>
              <NodeMetricsTable result={result} />
            </section>
            <section className="compare__section compare__section--items">
              <h3>
                Outputs of{" "}
                <select className="input input--inline" aria-label="Node whose outputs are compared" value={itemNode ?? ""} onChange={(e) => setItemsNode(e.target.value)} data-testid="compare-items-node">
                  {nodeIds.map((id) => <option key={id} value={id}>{nodeLabel(id)}</option>)}
                </select>{" "}
                per item
              </h3>
              {itemNode && <CompareItems runIds={orderedIds} labels={labels} nodeId={itemNode} />}
            </section>
          </>
        )}
      </div>
    </div>
  );
}
