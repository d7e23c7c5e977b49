/**
 * The lab store part of the contract (re-exported by contract.ts; #19): the runs of a lab's PostgreSQL store
 * (`cascade push` puts them there), listed in the app, and pulled into the app's own database to be inspected
 * and compared like its own runs (the same copy as `cascade push`, the other way: store/pushRun.ts).
 */
import type { RunSummary } from "./contract";

/** A run of the lab's store; `here` when the app's database has it too (pulled, or run here and pushed). */
export type LabRun = RunSummary & { here: boolean };

export type LabRuns =
  /** No lab store: neither CASCADE_LAB_STORE nor a PostgreSQL CASCADE_DB was set where the app started. */
  | { state: "off" }
  /** `where` is the URL without its password. */
  | { state: "on"; where: string; runs: LabRun[] }
  /** The store could not be read: the error names it. */
  | { state: "error"; where: string; error: string };

/** What a pull did: "pulled"; "skipped" (the app's database has the run finished already); "completed" (a pull that had stopped). */
export interface LabPull {
  runId: string;
  outcome: "pulled" | "skipped" | "completed";
  results: number;
  cacheRows: number;
}

export interface LabResults {
  /** The lab store's runs, newest first (up to `limit`, 200 by default). */
  "lab.runs": LabRuns;
  /** Copies a finished run of the lab's store into the app's database. */
  "lab.pull": LabPull;
}
