/** runs.compare for the chosen runs, and per-run latencies of one node (a bounded sample) for the histogram. */
import { useEffect, useState } from "react";
import type { CompareResult } from "../../../shared/compare/types";
import type { CompareRequestOptions } from "../../../shared/contract";
import { getClient } from "../api/client";

export function useCompare(runIds: string[], opts: CompareRequestOptions = {}): { result: CompareResult | null; error: string | null; loading: boolean } {
  const key = `${runIds.join(",")}|${JSON.stringify(opts)}`;
  const [state, setState] = useState<{ result: CompareResult | null; error: string | null; loading: boolean }>({ result: null, error: null, loading: false });
  useEffect(() => {
    if (runIds.length < 2) return setState({ result: null, error: null, loading: false });
    let on = true;
    setState((s) => ({ ...s, loading: true }));
    getClient()
      .call("runs.compare", { runIds, ...opts })
      .then((result) => on && setState({ result, error: null, loading: false }))
      .catch((e: Error) => on && setState({ result: null, error: e.message, loading: false }));
    return () => {
      on = false;
    };
  }, [key]);
  return state;
}

/** At most this many latencies per run (the first items in run order); the chart says when it is a sample. */
export const LATENCY_SAMPLE = 5000;

export function useLatencies(runIds: string[], nodeId: string | null): { latencies: number[][]; totals: number[] } | null {
  const key = `${runIds.join(",")}|${nodeId}`;
  const [data, setData] = useState<{ key: string; latencies: number[][]; totals: number[] } | null>(null);
  useEffect(() => {
    if (!nodeId) return;
    let on = true;
    Promise.all(runIds.map((runId) => getClient().call("runs.results", { runId, nodeId, status: "done", limit: LATENCY_SAMPLE })))
      .then((pages) => {
        if (!on) return;
        const latencies = pages.map((p) => p.rows.map((r) => r.latencyMs).filter((x): x is number => typeof x === "number"));
        setData({ key, latencies, totals: pages.map((p) => p.total) });
      })
      .catch(() => on && setData({ key, latencies: runIds.map(() => []), totals: runIds.map(() => 0) }));
    return () => {
      on = false;
    };
  }, [key]);
  return data && data.key === key ? data : null;
}
