/**
 * Writes a run bundle (bundleSchema.ts) from a store: the runs' rows, their results and traces, the call-cache
 * rows those name (a row's own key and every key its trace's calls hold), and the images given. The file is
 * attached to the store's connection and filled by INSERT … SELECT, so 10,000 items copy in one statement per
 * table; what is not in SQL (the records to keep, the images) comes from the caller.
 */
import type { RunRecord } from "../../shared/runRecord";
import { databaseOf } from "./database";
import { BUNDLE_APPLICATION_ID, BUNDLE_FORMAT_VERSION, bundleTablesSql, CACHE_COLUMNS, RESULT_COLUMNS, RUN_COLUMNS, TRACE_COLUMNS } from "./bundleSchema";
import type { Store } from "./store";

export interface BundleImageWrite {
  /** The image as the dataset rows name it (a relative path, usually). */
  source: string;
  sha256: string;
  mime: string | null;
  bytes: Uint8Array;
}

export interface BundleWriteInput {
  runIds: readonly string[];
  /** Written to bundle_meta (the writing app's version, when, …); `format` is added. */
  meta: Record<string, string>;
  /** The record each run carries in the bundle, in place of its stored one (a copy without the author's paths). */
  recordOf: (runId: string, stored: RunRecord | undefined) => RunRecord | undefined;
  images: Iterable<BundleImageWrite>;
}

export interface BundleWriteCounts {
  runs: number;
  results: number;
  traces: number;
  cacheRows: number;
  images: number;
}

/** Fills the new SQLite file `path` (which must not exist yet) with the bundle of `runIds`. */
export function writeBundleFile(store: Store, path: string, input: BundleWriteInput): BundleWriteCounts {
  store.writer.flush();
  const db = databaseOf(store);
  db.prepare("ATTACH DATABASE ? AS bundle").run(path);
  try {
    db.pragma(`bundle.application_id = ${BUNDLE_APPLICATION_ID}`);
    db.pragma(`bundle.user_version = ${BUNDLE_FORMAT_VERSION}`);
    db.pragma("bundle.secure_delete = ON");
    const counts = db.transaction((): BundleWriteCounts => {
      db.exec(bundleTablesSql("bundle"));
      const ids = JSON.stringify(input.runIds);
      // The record is copied as NULL and then set to the caller's copy: the stored one never reaches the file.
      const runs = db
        .prepare(`INSERT INTO bundle.runs (${RUN_COLUMNS}) SELECT ${RUN_COLUMNS.replace(/, record$/, ", NULL")} FROM main.runs WHERE id IN (SELECT value FROM json_each(?))`)
        .run(ids).changes;
      const setRecord = db.prepare("UPDATE bundle.runs SET record = ? WHERE id = ?");
      for (const id of input.runIds) {
        const stored = db.prepare("SELECT record FROM main.runs WHERE id = ?").pluck().get(id) as string | null | undefined;
        const record = input.recordOf(id, stored ? (JSON.parse(stored) as RunRecord) : undefined);
        setRecord.run(record ? JSON.stringify(record) : null, id);
      }
      const results = db
        .prepare(`INSERT INTO bundle.results (${RESULT_COLUMNS}) SELECT ${RESULT_COLUMNS} FROM main.results WHERE run_id IN (SELECT value FROM json_each(?))`)
        .run(ids).changes;
      const traces = db
        .prepare(`INSERT INTO bundle.result_traces (${TRACE_COLUMNS}) SELECT ${TRACE_COLUMNS} FROM main.result_traces WHERE run_id IN (SELECT value FROM json_each(?))`)
        .run(ids).changes;
      const cacheRows = db
        .prepare(
          `INSERT OR IGNORE INTO bundle.call_cache (${CACHE_COLUMNS}) SELECT ${CACHE_COLUMNS} FROM main.call_cache WHERE key IN (
             SELECT cache_key FROM bundle.results WHERE cache_key IS NOT NULL
             UNION SELECT json_extract(c.value, '$.cacheKey') FROM bundle.result_traces t, json_each(t.trace, '$.calls') c
               WHERE json_extract(c.value, '$.cacheKey') IS NOT NULL)`,
        )
        .run().changes;
      const putImage = db.prepare("INSERT OR IGNORE INTO bundle.images (sha256, mime, bytes) VALUES (?, ?, ?)");
      const putSource = db.prepare("INSERT OR IGNORE INTO bundle.image_sources (source, sha256) VALUES (?, ?)");
      let images = 0;
      for (const img of input.images) {
        images += putImage.run(img.sha256, img.mime, Buffer.from(img.bytes)).changes;
        putSource.run(img.source, img.sha256);
      }
      const putMeta = db.prepare("INSERT INTO bundle.bundle_meta (key, value) VALUES (?, ?)");
      for (const [key, value] of Object.entries({ ...input.meta, format: String(BUNDLE_FORMAT_VERSION) })) putMeta.run(key, value);
      return { runs, results, traces, cacheRows, images };
    })();
    return counts;
  } finally {
    db.exec("DETACH DATABASE bundle");
  }
}
