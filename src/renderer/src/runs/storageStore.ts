/** The Runs tab's storage state: the database summary (sizes, pins) and what a gc preview found; actions over the contract. */
import { create } from "zustand";
import type { Params, StorageGcReport, StorageSummary } from "../../../shared/contract";
import { getClient } from "../api/client";
import { bumpRuns } from "./useRunData";

export type GcPolicy = Omit<Params<"storage.gc">, "dryRun">;

interface StorageState {
  summary: StorageSummary | null;
  error: string | null;
  /** The last dry run and the policy it ran with; cleared by a real gc. */
  preview: { policy: GcPolicy; report: StorageGcReport } | null;
  /** The last real gc. */
  done: StorageGcReport | null;
  busy: boolean;
}

export const useStorage = create<StorageState>()(() => ({ summary: null, error: null, preview: null, done: null, busy: false }));

export async function loadStorage(): Promise<void> {
  try {
    useStorage.setState({ summary: await getClient().call("storage.summary", undefined), error: null });
  } catch (e) {
    useStorage.setState({ error: (e as Error).message });
  }
}

export async function setPinned(runId: string, pinned: boolean): Promise<void> {
  try {
    await getClient().call("runs.pin", { runId, pinned });
    await loadStorage();
  } catch (e) {
    useStorage.setState({ error: (e as Error).message });
  }
}

async function gc(policy: GcPolicy, dryRun: boolean): Promise<void> {
  useStorage.setState({ busy: true, error: null });
  try {
    const report = await getClient().call("storage.gc", { ...policy, dryRun });
    useStorage.setState(dryRun ? { preview: { policy, report }, done: null } : { preview: null, done: report });
    if (!dryRun) bumpRuns();
    await loadStorage();
  } catch (e) {
    useStorage.setState({ error: (e as Error).message });
  } finally {
    useStorage.setState({ busy: false });
  }
}

export const previewGc = (policy: GcPolicy) => gc(policy, true);
export const collectGc = (policy: GcPolicy) => gc(policy, false);
