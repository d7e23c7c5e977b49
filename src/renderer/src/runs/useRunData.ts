/** runs.list and runs.get as hooks that refetch when a run finishes, is renamed or deleted (`bumpRuns`). */
import { useEffect, useState } from "react";
import type { Result, RunSummary } from "../../../shared/contract";
import { getClient } from "../api/client";
import { useRun } from "../run/runStore";
import { create } from "zustand";

const useRunsSeq = create<{ seq: number }>()(() => ({ seq: 0 }));
export const bumpRuns = () => useRunsSeq.setState((s) => ({ seq: s.seq + 1 }));

export function useRunList(): { runs: RunSummary[] | null; error: string | null } {
  const seq = useRunsSeq((s) => s.seq);
  const finished = useRun((s) => s.finishedSeq);
  const liveId = useRun((s) => s.live?.runId);
  const [state, setState] = useState<{ runs: RunSummary[] | null; error: string | null }>({ runs: null, error: null });
  useEffect(() => {
    let on = true;
    getClient()
      .call("runs.list", undefined)
      .then((runs) => on && setState({ runs, error: null }))
      .catch((e: Error) => on && setState((s) => ({ runs: s.runs, error: e.message })));
    return () => {
      on = false;
    };
  }, [seq, finished, liveId]);
  return state;
}

export type RunDetail = Result<"runs.get">;
const details = new Map<string, Promise<RunDetail>>();

/** A run's details (doc, node counts); finished runs are cached, a running one is refetched each time it is asked. */
export function useRunDetail(runId: string | null): RunDetail | null {
  const finished = useRun((s) => s.finishedSeq);
  const [detail, setDetail] = useState<RunDetail | null>(null);
  useEffect(() => {
    if (!runId) return setDetail(null);
    let on = true;
    let p = details.get(runId);
    if (!p) {
      p = getClient().call("runs.get", { runId });
      details.set(runId, p);
      p.then((d) => d.status === "running" && details.delete(runId)).catch(() => details.delete(runId));
    }
    p.then((d) => on && setDetail(d)).catch(() => on && setDetail(null));
    return () => {
      on = false;
    };
  }, [runId, finished]);
  return detail && detail.id === runId ? detail : null;
}

export function forgetRunDetail(runId: string): void {
  details.delete(runId);
}
