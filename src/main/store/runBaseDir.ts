/**
 * The folder a run's relative paths (datasets, images, export outPath) resolve against: the pipeline file's
 * folder. Recorded when the run starts, so a stored run can be re-exported or reviewed later with its images.
 */
import type { Database } from "better-sqlite3";

export function setRunBaseDir(db: Database, runId: string, dir: string): void {
  db.prepare("UPDATE runs SET base_dir = ? WHERE id = ?").run(dir, runId);
}

/** The recorded folder, or undefined for runs recorded before it was kept. */
export function runBaseDir(db: Database, runId: string): string | undefined {
  const row = db.prepare("SELECT base_dir FROM runs WHERE id = ?").get(runId) as { base_dir: string | null } | undefined;
  return row?.base_dir ?? undefined;
}
