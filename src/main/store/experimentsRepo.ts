/**
 * Experiments started in the app (experiments.start): each one's state (cells, their runs, status) as JSON,
 * saved when a cell starts or ends and when the experiment ends, so that the results sheet opens again after a
 * restart. The cells' runs are ordinary runs; gc may delete them (experiments.get then leaves those cells out).
 */
import type { Database } from "better-sqlite3";
import type { ExperimentState } from "../../shared/contract";

export type StoredExperiment = Omit<ExperimentState, "matrix">;

export interface ExperimentRow {
  experimentId: string;
  pipelineId: string | null;
  name: string;
  state: StoredExperiment;
}

interface Row {
  id: string;
  pipeline_id: string | null;
  name: string;
  state: string;
}

/** A row's state; one that cannot be read (a damaged row) is a failed experiment that says so, not an exception. */
function stateOf(r: Row): StoredExperiment {
  try {
    const state = JSON.parse(r.state) as StoredExperiment;
    if (state && typeof state === "object" && Array.isArray(state.cells) && typeof state.status === "string") return state;
  } catch {
    /* said below */
  }
  return { experimentId: r.id, status: "failed", startedAt: 0, cells: [], order: [], capReached: null, error: `experiment ${r.id}: its stored state cannot be read (the experiments table's row is damaged); its cells' runs are in the Runs tab` };
}

const fromRow = (r: Row): ExperimentRow => ({ experimentId: r.id, pipelineId: r.pipeline_id, name: r.name, state: stateOf(r) });

export class ExperimentsRepo {
  constructor(private readonly db: Database) {}

  save(e: ExperimentRow): void {
    this.db
      .prepare(
        `INSERT INTO experiments (id, pipeline_id, name, started_at, state) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET state = excluded.state`,
      )
      .run(e.experimentId, e.pipelineId, e.name, e.state.startedAt, JSON.stringify(e.state));
  }

  get(experimentId: string): ExperimentRow | undefined {
    const row = this.db.prepare("SELECT id, pipeline_id, name, state FROM experiments WHERE id = ?").get(experimentId) as Row | undefined;
    return row && fromRow(row);
  }

  /** The latest first; only a pipeline's when pipelineId is given. */
  list(opts: { pipelineId?: string; limit?: number } = {}): ExperimentRow[] {
    const limit = opts.limit ?? 50;
    const rows = (
      opts.pipelineId === undefined
        ? this.db.prepare("SELECT id, pipeline_id, name, state FROM experiments ORDER BY started_at DESC, id DESC LIMIT ?").all(limit)
        : this.db.prepare("SELECT id, pipeline_id, name, state FROM experiments WHERE pipeline_id = ? ORDER BY started_at DESC, id DESC LIMIT ?").all(opts.pipelineId, limit)
    ) as Row[];
    return rows.map(fromRow);
  }

  delete(experimentId: string): void {
    this.db.prepare("DELETE FROM experiments WHERE id = ?").run(experimentId);
  }
}
