/**
 * What the run views show: the run the inspector reads (null = the run being followed), the trace open, the
 * runs chosen for comparison and whether the compare view is open, the preview dialog's scope.
 */
import { create } from "zustand";
import type { UnscoredPolicy } from "../../../shared/compare/pairing";
import type { RunScope } from "../run/runActions";

export interface TraceTarget {
  runId: string;
  itemId: string;
  /** The node whose row was clicked (its step is scrolled into view). */
  nodeId?: string;
}

interface ViewState {
  inspectRunId: string | null;
  trace: TraceTarget | null;
  compareIds: string[];
  /** The run marked as the baseline (★); null = the run that started first. Never the order runs were ticked in. */
  compareBaseline: string | null;
  compareOpen: boolean;
  /** The compare view's dataset column to break accuracy down by ("" = none) and never-scored policy (the saved report uses them too). */
  compareBy: string;
  compareUnscored: UnscoredPolicy;
  preview: RunScope | null;
  setInspectRun(runId: string | null): void;
  openTrace(trace: TraceTarget | null): void;
  toggleCompare(runId: string): void;
  setCompareIds(ids: string[]): void;
  setCompareBaseline(runId: string | null): void;
  setCompareOpen(open: boolean): void;
  setCompareBy(column: string): void;
  setCompareUnscored(policy: UnscoredPolicy): void;
  openPreview(scope: RunScope | null): void;
}

export const useView = create<ViewState>()((set, get) => ({
  inspectRunId: null,
  trace: null,
  compareIds: [],
  compareBaseline: null,
  compareOpen: false,
  compareBy: "",
  compareUnscored: "exclude",
  preview: null,
  setInspectRun: (inspectRunId) => set({ inspectRunId }),
  openTrace: (trace) => set({ trace }),
  toggleCompare(runId) {
    const ids = get().compareIds;
    const compareIds = ids.includes(runId) ? ids.filter((x) => x !== runId) : [...ids, runId];
    set((s) => ({ compareIds, compareBaseline: s.compareBaseline && compareIds.includes(s.compareBaseline) ? s.compareBaseline : null }));
  },
  setCompareIds: (compareIds) => set((s) => ({ compareIds, compareBaseline: s.compareBaseline && compareIds.includes(s.compareBaseline) ? s.compareBaseline : null })),
  setCompareBaseline: (compareBaseline) => set({ compareBaseline }),
  // Each opening starts without a breakdown and leaves never-scored items out (a column may not exist in other runs).
  setCompareOpen: (compareOpen) => set(compareOpen ? { compareOpen, compareBy: "", compareUnscored: "exclude" } : { compareOpen }),
  setCompareBy: (compareBy) => set({ compareBy }),
  setCompareUnscored: (compareUnscored) => set({ compareUnscored }),
  openPreview: (preview) => set({ preview }),
}));
