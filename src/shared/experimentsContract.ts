/**
 * The experiments part of the contract (re-exported by contract.ts): the app's side of `cascade sweep`. An
 * experiment is the document's `experiment` section expanded into cells (shared/experiment/cells.ts); each
 * cell is a normal run. The service previews it (the sweep preview), starts it in the background, pushes
 * `experiment-event`s, and answers `experiments.get` with the cells' state and the results matrix. Experiments are
 * kept in the store, so `experiments.list` and `experiments.get` answer after a restart too.
 */
import type { ExperimentMatrix } from "./experiment/matrix";
import type { ParamsOf } from "./contractParams";

/** One cell as the app shows it: its name (c1, c2, …) and the label of each axis value. */
export interface ExperimentCellInfo {
  cell: number;
  name: string;
  values: { path: string; label: string }[];
}

/** One model's calls in a cell's preview (the model's name in the pipeline's `models`). */
export interface ExperimentModelPreview {
  model: string;
  calls: number;
  cacheHits: number;
  conditionalCalls: number;
}

/**
 * The sweep preview of one cell (src/main/experiment/sweepPreview.ts). `calls − cacheHits` is the most calls
 * the cell sends; `conditionalCalls` of them may not be sent (a shortcut or a drop decides on replies not
 * cached yet). With none conditional it is the count the run makes (README "Preview").
 */
export interface ExperimentCellPreview {
  cell: number;
  calls: number;
  /** Calls already in the cache, or made earlier: by this cell (the same key twice) or a cell that runs earlier. */
  cacheHits: number;
  /** Of cacheHits, those made by a cell that runs earlier. */
  sharedWithEarlier: number;
  /** Of the calls not cache hits, those the run may not make. */
  conditionalCalls: number;
  /** Per model. */
  models: ExperimentModelPreview[];
  inputTokens: number;
  outputTokens: number;
  /** null when a called model's price is unknown. */
  costUsd: number | null;
  estimated: boolean;
}

export interface ExperimentPreview {
  cells: ExperimentCellInfo[];
  /** Cell names in the order they run (cells with the same local models together). */
  order: string[];
  perCell: ExperimentCellPreview[];
  calls: number;
  cacheHits: number;
  conditionalCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export type ExperimentCellStatus = "waiting" | "running" | "done" | "failed" | "cancelled" | "left-out";

export interface ExperimentCellState extends ExperimentCellInfo {
  status: ExperimentCellStatus;
  /** The cell's run, once started. */
  runId?: string;
  /** Items done (or failed) of the cell's items, from its run's progress. */
  itemsDone: number;
  items: number;
  /** Why the cell is not in the matrix (not started at the cap, stopped part-way, cancelled). */
  leftOut?: string;
}

/**
 * done: every cell ran; stopped: a cap (max calls / max cost) stopped it; cancelled by the user; failed: an error
 * ended it; interrupted: the app (or its service) stopped while the experiment ran.
 */
export type ExperimentStatus = "running" | "done" | "stopped" | "cancelled" | "failed" | "interrupted";

export interface ExperimentState {
  experimentId: string;
  status: ExperimentStatus;
  startedAt: number;
  finishedAt?: number;
  cells: ExperimentCellState[];
  order: string[];
  /** The cap that stopped the experiment ("--max-calls 40 reached (40 calls made)"), or null. */
  capReached: string | null;
  error?: string;
  /** The results matrix over the cells that finished (shared/experiment/matrix.ts); null before any did. */
  matrix: ExperimentMatrix | null;
}

export type ExperimentStartRequest = ParamsOf<"experiments.start">;

/** One experiment in the list of past ones (experiments.list). */
export interface ExperimentSummary {
  experimentId: string;
  /** The pipeline's name when the experiment started. */
  name: string;
  pipelineId?: string;
  status: ExperimentStatus;
  startedAt: number;
  finishedAt?: number;
  cells: number;
  /** Cells that ran to the end (done or failed): the cells the matrix is over. */
  cellsFinished: number;
}

/** Pushed as `experiment-event` while an experiment runs. */
export type ExperimentEvent =
  | { type: "cell-started"; experimentId: string; cell: number; runId: string; position: number }
  | { type: "cell-progress"; experimentId: string; cell: number; runId: string; itemsDone: number; items: number }
  | { type: "cell-finished"; experimentId: string; cell: number; runId?: string; status: ExperimentCellStatus; leftOut?: string }
  | { type: "experiment-finished"; experimentId: string; status: Exclude<ExperimentStatus, "running">; capReached: string | null; error?: string };

export interface ExperimentsResults {
  /** The cells of the document's experiment section and the sweep preview: calls, cache hits, tokens, cost per cell. */
  "experiments.preview": ExperimentPreview;
  /** Starts the experiment's cells one after another in the background (each a normal run); experiment-events follow. */
  "experiments.start": { experimentId: string; cells: ExperimentCellInfo[]; order: string[] };
  /** The experiment's cells, their runs and the matrix over the finished ones (`by`: dataset columns for per-category accuracy). */
  "experiments.get": ExperimentState;
  /** Stops the running cell and starts no other; finished cells are kept. */
  "experiments.cancel": void;
  /** Experiments started in the app, the latest first (kept in the store across restarts); a pipeline's only with pipelineId. */
  "experiments.list": ExperimentSummary[];
}
