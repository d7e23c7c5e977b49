/** The Runs tab's lab store state: the runs of the lab's PostgreSQL store (lab.runs) and pulling one into this database (lab.pull). */
import { create } from "zustand";
import type { LabPull, LabRuns } from "../../../shared/contract";
import { getClient } from "../api/client";
import { bumpRuns } from "./useRunData";

interface LabState {
  runs: LabRuns | null;
  /** Run ids being pulled. */
  pulling: string[];
  /** The last pull's outcome, or why it failed. */
  last: { pull: LabPull } | { error: string } | null;
}

export const useLab = create<LabState>()(() => ({ runs: null, pulling: [], last: null }));

export async function loadLab(): Promise<void> {
  try {
    useLab.setState({ runs: await getClient().call("lab.runs", undefined) });
  } catch (e) {
    useLab.setState({ runs: { state: "error", where: "", error: (e as Error).message } });
  }
}

export async function pullLabRun(runId: string): Promise<void> {
  useLab.setState((s) => ({ pulling: [...s.pulling, runId] }));
  try {
    useLab.setState({ last: { pull: await getClient().call("lab.pull", { runId }) } });
    bumpRuns();
  } catch (e) {
    useLab.setState({ last: { error: (e as Error).message } });
  } finally {
    useLab.setState((s) => ({ pulling: s.pulling.filter((id) => id !== runId) }));
    await loadLab();
  }
}
