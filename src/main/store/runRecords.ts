/** The run record (shared/runRecord.ts) in `runs.record`: written when a run starts, completed with its dataset. */
import type { Database } from "better-sqlite3";
import type { DatasetRecord, RunRecord } from "../../shared/runRecord";

export function setRunRecord(db: Database, runId: string, record: RunRecord): void {
  db.prepare("UPDATE runs SET record = ? WHERE id = ?").run(JSON.stringify(record), runId);
}

/** Adds the dataset part (in SQL, so that it never overwrites a record written meanwhile). */
export function setRunRecordDataset(db: Database, runId: string, dataset: DatasetRecord): void {
  db.prepare("UPDATE runs SET record = json_set(COALESCE(record, '{}'), '$.dataset', json(?)) WHERE id = ?").run(JSON.stringify(dataset), runId);
}

/** The run's record; undefined for a run made before records were kept. Throws for an unknown run. */
export function getRunRecord(db: Database, runId: string): RunRecord | undefined {
  const row = db.prepare("SELECT record FROM runs WHERE id = ?").get(runId) as { record: string | null } | undefined;
  if (!row) throw new Error(`no run "${runId}"`);
  return row.record ? (JSON.parse(row.record) as RunRecord) : undefined;
}
