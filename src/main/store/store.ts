/**
 * The SQLite store: one connection (WAL, foreign keys, busy timeout), migrations by user_version, and the
 * repositories that use it. `openStore(":memory:")` gives a private in-memory store (tests).
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { CacheRepo } from "./cacheRepo";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations";
import { PipelinesRepo } from "./pipelinesRepo";
import { InThreadWriter, type ResultWriter, type WriterOptions } from "./resultWriter";
import { ThreadWriter } from "./threadWriter";
import { ReviewsRepo } from "./reviewsRepo";
import { staleRunMsFromEnv } from "./runLiveness";
import { RunsRepo } from "./runsRepo";
import { SettingsRepo } from "./settingsRepo";

export interface Store {
  readonly path: string;
  readonly db: Database.Database;
  readonly pipelines: PipelinesRepo;
  readonly runs: RunsRepo;
  readonly cache: CacheRepo;
  readonly settings: SettingsRepo;
  /** Human review decisions (review nodes). */
  readonly reviews: ReviewsRepo;
  /** Buffers results and cache rows; flushed every ~50 ms. */
  readonly writer: ResultWriter;
  close(): void;
}

export interface OpenStoreOptions {
  writer?: WriterOptions;
  busyTimeoutMs?: number;
  /** A running run whose heartbeat is older than this is interrupted (default: $CASCADE_STALE_RUN_MS, else 30 s). */
  staleRunMs?: number;
}

export function migrate(db: Database.Database): number {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`the database was written by a newer Cascade Studio (schema ${current}; this build knows up to ${SCHEMA_VERSION})`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma("user_version", { simple: true }) as number;
}

function createWriter(db: Database.Database, path: string, opts: WriterOptions = {}): ResultWriter {
  if (opts.thread === false || path === ":memory:" || path.startsWith("file:") || path === "") return new InThreadWriter(db, opts);
  try {
    return new ThreadWriter(path, opts);
  } catch {
    return new InThreadWriter(db, opts); // e.g. no worker threads in this environment
  }
}

export function openStore(path: string, opts: OpenStoreOptions = {}): Store {
  if (path !== ":memory:" && !path.startsWith("file:")) mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (e) {
    throw new Error(`cannot open the database ${path}: ${(e as Error).message}`);
  }
  db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
  if (path !== ":memory:") db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  migrate(db);
  const writer = createWriter(db, path, opts.writer);
  let closed = false;
  return {
    path,
    db,
    writer,
    pipelines: new PipelinesRepo(db),
    runs: new RunsRepo(db, writer, opts.staleRunMs ?? staleRunMsFromEnv()),
    cache: new CacheRepo(db, writer),
    settings: new SettingsRepo(db),
    reviews: new ReviewsRepo(db),
    close() {
      if (closed) return;
      closed = true;
      writer.close();
      db.close();
    },
  };
}
