/**
 * What the run views show: the run the inspector reads (null = the run being followed), the trace open, the
 * runs chosen for comparison and whether the compare view is open, the preview dialog's scope.
 */
import { create } from "zustand";
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
  compareOpen: boolean;
  preview: RunScope | null;
  setInspectRun(runId: string | null): void;
  openTrace(trace: TraceTarget | null): void;
  toggleCompare(runId: string): void;
  setCompareIds(ids: string[]): void;
  setCompareOpen(open: boolean): void;
  openPreview(scope: RunScope | null): void;
}

export const useView = create<ViewState>()((set, get) => ({
  inspectRunId: null,
  trace: null,
  compareIds: [],
  compareOpen: false,
  preview: null,
  setInspectRun: (inspectRunId) => set({ inspectRunId }),
  openTrace: (trace) => set({ trace }),
  toggleCompare(runId) {
    const ids = get().compareIds;
    set({ compareIds: ids.includes(runId) ? ids.filter((x) => x !== runId) : [...ids, runId] });
  },
  setCompareIds: (compareIds) => set({ compareIds }),
  setCompareOpen: (compareOpen) => set({ compareOpen }),
  openPreview: (preview) => set({ preview }),
}));
