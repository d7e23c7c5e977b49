/**
 * Per-node run counts and metrics (a score node's accuracy) for the badges on the canvas. Empty until the run
 * UI fills it from `run-batch`es (run/runStore.ts).
 */
import { create } from "zustand";
import type { Metric, NodeCounts } from "../../../shared/events";

export interface RunStatusState {
  runId?: string;
  nodes: Record<string, NodeCounts>;
  metrics: Record<string, Metric[]>;
  setNodes(runId: string | undefined, nodes: Record<string, NodeCounts>, metrics?: Record<string, Metric[]>): void;
  clear(): void;
}

const NO_METRICS: Record<string, Metric[]> = {};

export const useRunStatus = create<RunStatusState>()((set) => ({
  nodes: {},
  metrics: NO_METRICS,
  setNodes: (runId, nodes, metrics) => set({ runId, nodes, metrics: metrics ?? NO_METRICS }),
  clear: () => set({ runId: undefined, nodes: {}, metrics: NO_METRICS }),
}));
