/** The storage repository: what the database holds (sizes), pinned runs, and garbage collection (gc.ts). */
import type { Database } from "better-sqlite3";
import { GarbageCollector, type GcPolicy, type GcReport } from "./gc";
import type { ResultWriter } from "./resultWriter";
import { databaseSize, runSizes, type DatabaseSize, type RunSize } from "./storageSizes";

export class StorageRepo {
  private readonly gc: GarbageCollector;

  constructor(
    private readonly db: Database,
    private readonly writer: ResultWriter,
  ) {
    this.gc = new GarbageCollector(db, writer);
  }

  /** The file, its pages, and each table's size. */
  size(): DatabaseSize {
    this.writer.flush();
    return databaseSize(this.db);
  }

  /** Every run's size (storageSizes.ts), by run id. */
  runSizes(): Map<string, RunSize> {
    this.writer.flush();
    return runSizes(this.db);
  }

  /** Pins or unpins a run (gc keeps pinned runs); throws for an unknown run. */
  setPinned(runId: string, pinned: boolean): void {
    const changes = this.db.prepare("UPDATE runs SET pinned = ? WHERE id = ?").run(pinned ? 1 : 0, runId).changes;
    if (changes === 0) throw new Error(`no run ${runId}`);
  }

  pinnedRunIds(): Set<string> {
    return new Set(this.db.prepare("SELECT id FROM runs WHERE pinned = 1").pluck().all() as string[]);
  }

  collect(policy: GcPolicy): GcReport {
    return this.gc.collect(policy);
  }
}
