/**
 * Reads a run bundle (bundleSchema.ts): checks that the file is one (SQLite, the bundle's application id, a
 * format this build knows, undamaged), lists its runs, reads its dataset rows and images, and copies its runs
 * into a store. Every refusal names the file.
 */
import { statSync } from "node:fs";
import Database from "better-sqlite3";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import type { RunRecord } from "../../shared/runRecord";
import type { Value } from "../../shared/values";
import { databaseOf } from "./database";
import { BUNDLE_APPLICATION_ID, BUNDLE_FORMAT_VERSION, BUNDLE_TABLES, CACHE_COLUMNS, RESULT_COLUMNS, TRACE_COLUMNS } from "./bundleSchema";
import type { Store } from "./store";

export interface BundleRun {
  id: string;
  label: string;
  pipelineName: string;
  status: string;
  startedAt: number;
  doc: PipelineDoc;
  record: RunRecord | undefined;
}

export interface BundleImage {
  source: string;
  sha256: string;
  mime: string | null;
  bytes: Buffer;
}

/** Why SQLite refused the file, for the user. */
function sqliteReason(e: unknown): string {
  const code = String((e as { code?: string }).code ?? "");
  if (code === "SQLITE_NOTADB") return "it is not a Cascade Studio bundle (not an SQLite file)";
  if (code.startsWith("SQLITE_CORRUPT") || code.startsWith("SQLITE_IOERR")) return "the bundle file is damaged (truncated or altered)";
  return (e as Error).message ?? String(e);
}

/** The first stored JSON text that does not parse (as "run X, node Y, item Z: its output"), or null. */
function brokenJson(db: Database.Database): string | null {
  for (const column of ["doc", "record", "totals", "metrics", "node_counts", "repeat_stats"]) {
    const id = db.prepare(`SELECT id FROM runs WHERE ${column} IS NOT NULL AND NOT json_valid(${column}) LIMIT 1`).pluck().get() as string | undefined;
    if (id !== undefined) return `run ${id}: its ${column}`;
  }
  for (const [table, column] of [["results", "output"], ["results", "drop_reason"], ["result_traces", "trace"]]) {
    const row = db.prepare(`SELECT run_id, node_id, item_id FROM ${table} WHERE ${column} IS NOT NULL AND NOT json_valid(${column}) LIMIT 1`).raw().get() as string[] | undefined;
    if (row) return `run ${row[0]}, node ${row[1]}, item ${row[2]}: its ${column === "trace" ? "trace" : column}`;
  }
  return null;
}

export class BundleFile {
  private constructor(
    readonly path: string,
    private readonly db: Database.Database,
    /** The bundle's format version (1 … BUNDLE_FORMAT_VERSION). */
    readonly format: number,
    /** bundle_meta: the writing app's version (`appVersion`), when it was written (`createdAt`), … */
    readonly meta: Record<string, string>,
  ) {}

  /** Opens and checks a bundle; throws "cannot open the bundle <path>: <why>". */
  static open(path: string): BundleFile {
    const fail = (why: string): never => {
      throw new Error(`cannot open the bundle ${path}: ${why}`);
    };
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) fail("no such file");
    if (stat!.isDirectory()) fail("it is a folder, not a bundle file");
    let db: Database.Database | undefined;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
      const appId = db.pragma("application_id", { simple: true }) as number;
      if (appId !== BUNDLE_APPLICATION_ID) fail("it is an SQLite database but not a Cascade Studio bundle (see `cascade bundle`)");
      const format = db.pragma("user_version", { simple: true }) as number;
      const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
      const meta = tables.has("bundle_meta") ? Object.fromEntries((db.prepare("SELECT key, value FROM bundle_meta").raw().all() as [string, string][])) : {};
      if (format > BUNDLE_FORMAT_VERSION) {
        const by = meta.appVersion ? ` by Cascade Studio ${meta.appVersion}` : "";
        fail(`it was written${by} in bundle format ${format}; this build reads formats 1 to ${BUNDLE_FORMAT_VERSION}: open it with a newer Cascade Studio`);
      }
      if (format < 1) fail("it has no bundle format version (not a bundle, or a damaged one)");
      const check = db.pragma("quick_check", { simple: true }) as string;
      if (check !== "ok") fail(`the bundle file is damaged (truncated or altered): ${check}`);
      const missing = BUNDLE_TABLES.filter((t) => !tables.has(t));
      if (missing.length) fail(`the bundle file is damaged: it lacks the table${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`);
      const broken = brokenJson(db);
      if (broken) fail(`the bundle file is damaged: ${broken} is not JSON`);
      return new BundleFile(path, db, format, meta);
    } catch (e) {
      db?.close();
      if ((e as Error).message.startsWith(`cannot open the bundle ${path}:`)) throw e;
      return fail(sqliteReason(e));
    }
  }

  /** Runs a read, turning SQLite's errors into ones that name the file. */
  private read<T>(what: () => T): T {
    try {
      return what();
    } catch (e) {
      throw new Error(`cannot read the bundle ${this.path}: ${sqliteReason(e)}`);
    }
  }

  runs(): BundleRun[] {
    return this.read(() => {
      const rows = this.db.prepare("SELECT id, label, pipeline_name, status, started_at, doc, record FROM runs ORDER BY started_at, id").all() as {
        id: string;
        label: string;
        pipeline_name: string;
        status: string;
        started_at: number;
        doc: string;
        record: string | null;
      }[];
      return rows.map((r) => {
        let doc: PipelineDoc;
        let record: RunRecord | undefined;
        try {
          doc = JSON.parse(r.doc) as PipelineDoc;
          record = r.record ? (JSON.parse(r.record) as RunRecord) : undefined;
        } catch (e) {
          throw new Error(`run ${r.id}: its document or record is not JSON (${(e as Error).message})`);
        }
        return { id: r.id, label: r.label, pipelineName: r.pipeline_name, status: r.status, startedAt: r.started_at, doc, record };
      });
    });
  }

  /** The done rows of a node (the dataset's typed values), in item order. */
  nodeOutputs(runId: string, nodeId: string): { itemId: string; output: Record<string, Value> }[] {
    return this.read(() =>
      (this.db.prepare("SELECT item_id, output FROM results WHERE run_id = ? AND node_id = ? AND status IN ('done', 'cached') AND output IS NOT NULL ORDER BY seq, item_id").raw().all(runId, nodeId) as [string, string][]).map(
        ([itemId, output]) => ({ itemId, output: JSON.parse(output) as Record<string, Value> }),
      ),
    );
  }

  *images(): IterableIterator<BundleImage> {
    const rows = this.read(() => this.db.prepare("SELECT s.source, s.sha256, i.mime, i.bytes FROM image_sources s JOIN images i USING (sha256) ORDER BY s.source").all() as BundleImage[]);
    yield* rows;
  }

  /** Which of `needles` occur in any text the bundle holds (documents, records, outputs, traces, replies). */
  textsFound(needles: readonly string[]): string[] {
    const columns: [string, string][] = [
      ["bundle_meta", "value"],
      ["runs", "doc"],
      ["runs", "record"],
      ["runs", "label"],
      ["runs", "error"],
      ["results", "output"],
      ["results", "error"],
      ["result_traces", "trace"],
      ["call_cache", "reply"],
      ["image_sources", "source"],
    ];
    return this.read(() =>
      needles.filter((needle) => columns.some(([table, column]) => this.db.prepare(`SELECT 1 FROM ${table} WHERE instr(${column}, ?) > 0 LIMIT 1`).get(needle) !== undefined)),
    );
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Copies the bundle's runs `runIds` (with their results, traces and the cache rows) into the store, each with
 * the record given; runs the store already has are left as they are. One transaction: all or nothing. Then each
 * imported run that ended done shares the rows equal to an earlier run's (rowSharing.ts), as a run that finishes here.
 * Returns the ids imported and the number of cache rows that were new.
 */
export function importBundleRuns(store: Store, bundle: BundleFile, runs: { id: string; record: RunRecord | undefined; baseDir: string }[]): { imported: string[]; skipped: string[]; cacheRows: number } {
  store.writer.flush();
  const db = databaseOf(store);
  db.prepare("ATTACH DATABASE ? AS bundle").run(bundle.path);
  let result: { imported: string[]; skipped: string[]; cacheRows: number };
  try {
    result = db.transaction(() => {
      const imported: string[] = [];
      const skipped: string[] = [];
      // A run the store has is skipped by the insert itself: the transaction's first statement writes, so it takes
      // the write lock (waiting the busy timeout) before it reads. A look-up first held a read snapshot, and a
      // commit of another connection meanwhile (another process's run, its writer sharing a finished run's rows)
      // failed the insert at once with "database is locked".
      const insertRun = db.prepare(
        `INSERT INTO main.runs (id, pipeline_hash, pipeline_name, doc, dataset_fingerprint, label, status, started_at, finished_at, totals, metrics,
           node_counts, error, repeat_group, repeat_index, repeat_stats, record, base_dir)
         SELECT id, pipeline_hash, pipeline_name, doc, dataset_fingerprint, label, status, started_at, finished_at, totals, metrics,
           node_counts, error, repeat_group, repeat_index, repeat_stats, @record, @baseDir FROM bundle.runs
         WHERE id = @id AND NOT EXISTS (SELECT 1 FROM main.runs WHERE id = @id)`,
      );
      const insertResults = db.prepare(`INSERT INTO main.results (${RESULT_COLUMNS}) SELECT ${RESULT_COLUMNS} FROM bundle.results WHERE run_id = ?`);
      const insertTraces = db.prepare(`INSERT INTO main.result_traces (${TRACE_COLUMNS}) SELECT ${TRACE_COLUMNS} FROM bundle.result_traces WHERE run_id = ?`);
      for (const run of runs) {
        if (insertRun.run({ record: run.record ? JSON.stringify(run.record) : null, baseDir: run.baseDir, id: run.id }).changes === 0) {
          skipped.push(run.id);
          continue;
        }
        insertResults.run(run.id);
        insertTraces.run(run.id);
        imported.push(run.id);
      }
      const cacheRows = imported.length ? db.prepare(`INSERT OR IGNORE INTO main.call_cache (${CACHE_COLUMNS}) SELECT ${CACHE_COLUMNS} FROM bundle.call_cache`).run().changes : 0;
      return { imported, skipped, cacheRows };
    })();
  } catch (e) {
    throw new Error(`cannot import the bundle ${bundle.path}: ${sqliteReason(e)}`);
  } finally {
    db.exec("DETACH DATABASE bundle");
  }
  for (const id of result.imported) store.writer.shareRows(id);
  store.writer.flush();
  return result;
}
