/**
 * Per-node run counts for the badges on the canvas. Empty until the run UI fills it from `run-event`s.
 */
import { create } from "zustand";
import type { NodeCounts } from "../../../shared/events";

export interface RunStatusState {
  runId?: string;
  nodes: Record<string, NodeCounts>;
  setNodes(runId: string | undefined, nodes: Record<string, NodeCounts>): void;
  clear(): void;
}

export const useRunStatus = create<RunStatusState>()((set) => ({
  nodes: {},
  setNodes: (runId, nodes) => set({ runId, nodes }),
  clear: () => set({ runId: undefined, nodes: {} }),
}));
