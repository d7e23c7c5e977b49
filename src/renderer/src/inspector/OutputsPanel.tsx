/**
 * The "Outputs" tab: for a node (the selected one, or chosen here) and a run (the followed or chosen one), a
 * virtualised, server-paged table of its results with search, status filter and sort; a row opens the item's
 * trace; CSV/JSONL export of the node's (filtered) results.
 */
import { useEffect, useMemo, useState } from "react";
import type { ResultRow, ResultsQuery } from "../../../shared/contract";
import { fmtTime } from "../run/format";
import { useRun } from "../run/runStore";
import { useRunDetail, useRunList } from "../runs/useRunData";
import { useView } from "../runs/viewStore";
import { useEditor } from "../store/editorStore";
import { portsOf } from "../store/ports";
import { ExportButtons } from "./ExportButtons";
import { ResultsTable } from "./ResultsTable";
import { usePagedResults, type ResultsFilter } from "./usePagedResults";
import "./inspector.css";

const STATUSES: ResultRow["status"][] = ["done", "cached", "failed", "skipped", "dropped", "pending"];

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** While the inspected run is running, refresh every second; once more when it finishes. */
function useRefreshTick(runId: string | null): number {
  const running = useRun((s) => s.live?.runId === runId && s.live?.status === "running");
  const finished = useRun((s) => s.finishedSeq);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [running]);
  return tick + finished * 100_000;
}

export function OutputsPanel() {
  const chosenRun = useView((s) => s.inspectRunId);
  const liveRun = useRun((s) => s.live?.runId ?? null);
  const { runs } = useRunList();
  const runId = chosenRun ?? liveRun ?? runs?.[0]?.id ?? null;
  const detail = useRunDetail(runId);
  const selectedNode = useEditor((s) => (s.selection.nodes.length === 1 ? s.selection.nodes[0] : null));
  const [nodeChoice, setNodeChoice] = useState<string | null>(null);
  const runNodes = useMemo(() => detail?.doc.nodes.filter((n) => n.kind !== "note") ?? [], [detail]);
  const nodeId = [selectedNode, nodeChoice].find((id) => id && runNodes.some((n) => n.id === id)) ?? runNodes.find((n) => n.kind === "score")?.id ?? runNodes[0]?.id ?? null;
  const node = runNodes.find((n) => n.id === nodeId);
  const ports = useMemo(() => (node ? portsOf(node).outputs.map((p) => p.name) : []), [node]);

  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<ResultRow["status"] | "">("");
  const [sort, setSort] = useState<NonNullable<ResultsQuery["sort"]>>("item");
  const debounced = useDebounced(search.trim(), 250);
  const refresh = useRefreshTick(runId);
  const query: ResultsFilter | null = useMemo(
    () => (runId && nodeId ? { runId, nodeId, sort, ...(debounced ? { search: debounced } : {}), ...(status ? { status } : {}) } : null),
    [runId, nodeId, sort, debounced, status],
  );
  const data = usePagedResults(query, refresh);
  const trace = useView((s) => s.trace);

  if (runs && runs.length === 0 && !liveRun) return <div className="outputs outputs--empty muted" data-testid="outputs-panel">No runs yet. Press ▶ Run in the toolbar.</div>;
  return (
    <div className="outputs" data-testid="outputs-panel" data-run-id={runId ?? ""} data-node-id={nodeId ?? ""}>
      <div className="outputs__bar">
        <select className="input outputs__run" value={runId ?? ""} onChange={(e) => useView.getState().setInspectRun(e.target.value || null)} data-testid="outputs-run" aria-label="Run">
          {(runs ?? []).map((r) => (
            <option key={r.id} value={r.id}>
              {r.label || r.pipelineName} · {fmtTime(r.startedAt)} · {r.status}
            </option>
          ))}
          {runId && !runs?.some((r) => r.id === runId) && <option value={runId}>{runId}</option>}
        </select>
        <select className="input outputs__node" value={nodeId ?? ""} onChange={(e) => setNodeChoice(e.target.value)} data-testid="outputs-node" aria-label="Node">
          {runNodes.map((n) => (
            <option key={n.id} value={n.id}>
              {n.label ? `${n.label} (${n.id})` : n.id}
            </option>
          ))}
        </select>
        <input className="input outputs__search" type="search" placeholder="Search item ids, outputs, errors" value={search} onChange={(e) => setSearch(e.target.value)} data-testid="outputs-search" />
        <select className="input outputs__status" value={status} onChange={(e) => setStatus(e.target.value as ResultRow["status"] | "")} data-testid="outputs-status" aria-label="Status">
          <option value="">all statuses</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>{s}</option>
          ))}
        </select>
        <select className="input outputs__sort" value={sort} onChange={(e) => setSort(e.target.value as typeof sort)} data-testid="outputs-sort" aria-label="Sort">
          <option value="item">item order</option>
          <option value="latency">slowest first</option>
          <option value="status">by status</option>
        </select>
        <span className="muted small" data-testid="outputs-total">{data.total === null ? "…" : `${data.total.toLocaleString("en-US")} rows`}</span>
        <span className="runbar__spacer" />
        {query && <ExportButtons query={query} ports={ports} />}
      </div>
      {data.error && <div className="error small outputs__error">{data.error}</div>}
      {query && <ResultsTable data={data} ports={ports} selectedItem={trace?.runId === runId ? trace.itemId : null} onOpen={(row) => useView.getState().openTrace({ runId: runId!, itemId: row.itemId, nodeId: row.nodeId })} />}
    </div>
  );
}
