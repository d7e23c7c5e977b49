/**
 * The pre-flight of a run started in the app (runs.start with `check`, the same check as `cascade run`): "checking" while
 * the servers are asked, "problems" with the message when one does not answer or lacks its model — the run is
 * not started and the run panel offers "Run anyway" (the CLI's --no-check) or to leave it.
 */
import { create } from "zustand";
import type { RunScope } from "./runActions";

export interface PreflightState {
  phase: "idle" | "checking" | "problems";
  /** The scope of the run waiting for the check (Run anyway starts it). */
  scope: RunScope | null;
  message: string | null;
}

export const IDLE: PreflightState = { phase: "idle", scope: null, message: null };

export const usePreflight = create<PreflightState>()(() => IDLE);
