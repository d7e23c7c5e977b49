/**
 * Garbage collection (cascade gc, storage.gc): deletes the runs no policy keeps, then the contents no row refers
 * to any more, then cache rows no kept run refers to (all of them, or only those older than a date, or the
 * oldest until the cache fits a size), in one transaction; a dry run does the same and rolls it back, so what
 * it says it would free is what a real run frees. Then the freed pages go back to the file system: PRAGMA
 * incremental_vacuum, after a one-time VACUUM that switches a database made before auto_vacuum was set to
 * INCREMENTAL, and a WAL checkpoint (TRUNCATE).
 *
 * Which runs are kept: pinned and running runs always; with --keep-last N the N newest of each pipeline (by
 * pipeline id, else name), where the repeats of one `--repeats K` run count as one (kept or deleted together, by
 * their newest start: deleting some of them would leave a group whose mean ± sd no longer holds); with --newer-than DATE those started at or after it; with both, either keeps a run.
 * Without a run policy no run is deleted. A cache row is referenced by a kept run's row (its cache_key) or by a
 * call in its trace (samples keep their own keys there); a referenced row is never deleted.
 */
import { statSync } from "node:fs";
import type { Database } from "better-sqlite3";
import type { StorageGcReport } from "../../shared/storageContract";
import type { ResultWriter } from "./resultWriter";
import { CONTENT_BODY_SQL, ROW_CACHE_KEY_SQL } from "./packedContentsMigration";
import { handOverRows } from "./rowSharing";

export interface GcPolicy {
  /** Keep the newest N runs of each pipeline. */
  keepLast?: number;
  /** Keep runs started at or after this time (ms since the epoch). */
  newerThan?: number;
  /** Of the unreferenced cache rows, drop only those created before this time (ms). */
  cacheOlderThan?: number;
  /** Of the unreferenced cache rows, drop the oldest until the cache's payload is at most this many bytes. */
  cacheMaxBytes?: number;
  dryRun?: boolean;
}

/** What a gc deleted (or would), and what it freed (src/shared/storageContract.ts). */
export type GcReport = StorageGcReport;

/** The payload of a cache row as gc counts it for --cache-max-size: key, reply and model in UTF-8, 32 for the numbers. */
export const CACHE_ROW_BYTES_SQL = "length(CAST(key AS BLOB)) + length(CAST(reply AS BLOB)) + coalesce(length(CAST(model AS BLOB)), 0) + 32";

function fileBytes(path: string): number {
  if (path === "" || path === ":memory:") return 0;
  const size = (p: string) => statSync(p, { throwIfNoEntry: false })?.size ?? 0;
  return size(path) + size(`${path}-wal`);
}

export class GarbageCollector {
  constructor(
    private readonly db: Database,
    private readonly writer: ResultWriter,
  ) {}

  collect(policy: GcPolicy): GcReport {
    this.writer.flush();
    const db = this.db;
    const path = db.name;
    const fileBytesBefore = fileBytes(path);
    const pageSize = db.pragma("page_size", { simple: true }) as number;
    const freeBefore = db.pragma("freelist_count", { simple: true }) as number;
    let report: Omit<GcReport, "freedBytes" | "fileBytesBefore" | "fileBytesAfter" | "vacuum"> | undefined;
    let freedBytes = 0;
    const rollback = new Error("dry run");
    try {
      // BEGIN IMMEDIATE: the write lock first. Deferred, the transaction read (the runs to drop, their rows) and
      // then wrote (the hand-over of shared rows, the deletes), and a commit of another connection in between —
      // another process's run, or its writer sharing a finished run's rows — failed it at once with "database
      // is locked" (the busy timeout does not apply to that upgrade).
      db.transaction(() => {
        report = this.delete(policy);
        freedBytes = ((db.pragma("freelist_count", { simple: true }) as number) - freeBefore) * pageSize;
        if (policy.dryRun) throw rollback;
      }).immediate();
    } catch (e) {
      if (e !== rollback) throw e;
    } finally {
      db.exec("DROP TABLE IF EXISTS temp.gc_drop; DROP TABLE IF EXISTS temp.gc_keys");
    }
    let vacuum: GcReport["vacuum"] = "none";
    if (!policy.dryRun) vacuum = this.vacuum();
    return { ...report!, freedBytes, fileBytesBefore, fileBytesAfter: policy.dryRun ? fileBytesBefore : fileBytes(path), vacuum };
  }

  private delete(policy: GcPolicy): Omit<GcReport, "freedBytes" | "fileBytesBefore" | "fileBytesAfter" | "vacuum"> {
    const db = this.db;
    const hasRunPolicy = policy.keepLast !== undefined || policy.newerThan !== undefined;
    db.exec("CREATE TEMP TABLE gc_drop (id TEXT PRIMARY KEY) WITHOUT ROWID");
    if (hasRunPolicy) {
      db.prepare(
        `INSERT INTO temp.gc_drop (id)
         SELECT id FROM (SELECT r.id, r.pinned, r.status, r.started_at,
                                DENSE_RANK() OVER (PARTITION BY coalesce(r.pipeline_id, r.pipeline_name) ORDER BY g.started DESC, g.unit DESC) AS newest
                         FROM runs r
                         JOIN (SELECT coalesce(repeat_group, id) AS unit, MAX(started_at) AS started FROM runs GROUP BY coalesce(repeat_group, id)) g
                           ON g.unit = coalesce(r.repeat_group, r.id))
         WHERE pinned = 0 AND status != 'running'
           AND NOT (@keepLast IS NOT NULL AND newest <= @keepLast)
           AND NOT (@newerThan IS NOT NULL AND started_at >= @newerThan)`,
      ).run({ keepLast: policy.keepLast ?? null, newerThan: policy.newerThan ?? null });
    }
    const runs = db
      .prepare("SELECT id, pipeline_name AS pipelineName, started_at AS startedAt FROM runs WHERE id IN (SELECT id FROM temp.gc_drop) ORDER BY started_at, id")
      .all() as GcReport["runs"];
    const count = (sql: string) => db.prepare(sql).pluck().get() as number;
    const results = count("SELECT COUNT(*) FROM result_heads WHERE run_id IN (SELECT id FROM temp.gc_drop)");
    const traces = count("SELECT COUNT(*) FROM result_traces WHERE run_id IN (SELECT id FROM temp.gc_drop)");
    // Rows go with their run (foreign keys, ON DELETE CASCADE), but for those a kept run shares (rowSharing.ts).
    handOverRows(db, runs.map((r) => r.id));
    db.prepare("DELETE FROM runs WHERE id IN (SELECT id FROM temp.gc_drop)").run();
    // A base goes once no content is packed against it (migration 12); it counts as a stored content.
    const contents =
      db
        .prepare("DELETE FROM contents WHERE hash NOT IN (SELECT output_hash FROM result_rows WHERE output_hash IS NOT NULL UNION ALL SELECT trace_hash FROM trace_rows)")
        .run().changes + db.prepare("DELETE FROM content_bases WHERE id NOT IN (SELECT base FROM contents WHERE base IS NOT NULL)").run().changes;
    db.exec("CREATE TEMP TABLE gc_keys (key TEXT PRIMARY KEY) WITHOUT ROWID");
    db.exec(`INSERT OR IGNORE INTO temp.gc_keys SELECT ${ROW_CACHE_KEY_SQL} FROM result_rows WHERE cache_key IS NOT NULL`);
    db.exec(
      `INSERT OR IGNORE INTO temp.gc_keys
       SELECT c.value ->> '$.cacheKey' FROM trace_rows t, json_each(${CONTENT_BODY_SQL("t.trace_hash")}, '$.calls') c
       WHERE c.value ->> '$.cacheKey' IS NOT NULL`,
    );
    const unreferenced = "key NOT IN (SELECT key FROM temp.gc_keys)";
    let cacheRows = 0;
    if (policy.cacheOlderThan === undefined && policy.cacheMaxBytes === undefined) {
      cacheRows = db.prepare(`DELETE FROM call_cache WHERE ${unreferenced}`).run().changes;
    }
    if (policy.cacheOlderThan !== undefined) {
      cacheRows += db.prepare(`DELETE FROM call_cache WHERE ${unreferenced} AND created_at < ?`).run(policy.cacheOlderThan).changes;
    }
    if (policy.cacheMaxBytes !== undefined) {
      const total = count(`SELECT coalesce(SUM(${CACHE_ROW_BYTES_SQL}), 0) FROM call_cache`);
      // The oldest unreferenced rows whose removal brings the total down to the limit (running sum, oldest first).
      cacheRows += db
        .prepare(
          `DELETE FROM call_cache WHERE key IN (
             SELECT key FROM (SELECT key, SUM(${CACHE_ROW_BYTES_SQL}) OVER (ORDER BY created_at, key ROWS UNBOUNDED PRECEDING) - (${CACHE_ROW_BYTES_SQL}) AS before
                              FROM call_cache WHERE ${unreferenced})
             WHERE @total - before > @max)`,
        )
        .run({ total, max: policy.cacheMaxBytes }).changes;
    }
    const runsKept = count("SELECT COUNT(*) FROM runs");
    return { dryRun: policy.dryRun === true, runs, runsKept, results, traces, contents, cacheRows };
  }

  /** Returns freed pages to the file system; the first time, switches auto_vacuum to INCREMENTAL with a VACUUM. */
  private vacuum(): GcReport["vacuum"] {
    const db = this.db;
    let mode: GcReport["vacuum"] = "incremental";
    if ((db.pragma("auto_vacuum", { simple: true }) as number) !== 2) {
      db.pragma("auto_vacuum = INCREMENTAL");
      db.exec("VACUUM");
      mode = "full";
    } else db.pragma("incremental_vacuum");
    if (db.name !== ":memory:" && db.name !== "") db.pragma("wal_checkpoint(TRUNCATE)");
    return mode;
  }
}
