/**
 * The SQLite store: one connection (WAL, foreign keys, busy timeout), migrations by user_version, and the
 * repositories that use it. `openStore(":memory:")` gives a private in-memory store (tests). The connection is
 * not part of a Store: code outside src/main/store reads and writes through the repositories (a lint rule
 * keeps it so; database.ts gives tests and seed scripts the connection).
 */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { CacheRepo } from "./cacheRepo";
import { CompareRepo } from "./compareRepo";
import { registerContentFunctions } from "./contents";
import { attachDatabase } from "./database";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations";
import { PipelinesRepo } from "./pipelinesRepo";
import { InThreadWriter, type ResultWriter, type WriterOptions } from "./resultWriter";
import { ThreadWriter } from "./threadWriter";
import { ReportRows } from "./reportRows";
import { ReviewsRepo } from "./reviewsRepo";
import { BatchesRepo } from "./batchesRepo";
import { ExperimentsRepo } from "./experimentsRepo";
import { RunMetaRepo } from "./runMetaRepo";
import { redactedText, redactedUrl } from "./shared/redactUrl";
import { staleRunMsFromEnv } from "./runLiveness";
import { RunsRepo } from "./runsRepo";
import { SettingsRepo } from "./settingsRepo";
import { StorageRepo } from "./storageRepo";
import { TracesRepo } from "./tracesRepo";

export interface Store {
  readonly path: string;
  readonly pipelines: PipelinesRepo;
  readonly runs: RunsRepo;
  /** A run's base dir, repeat, record, error, document, and its heartbeat with running totals. */
  readonly runMeta: RunMetaRepo;
  /** An item's results with their traces (the inspector). */
  readonly traces: TracesRepo;
  /** Column scans and item lists for comparing runs. */
  readonly compare: CompareRepo;
  /** What the run report reads of a node's results. */
  readonly reports: ReportRows;
  readonly cache: CacheRepo;
  readonly settings: SettingsRepo;
  /** Human review decisions (review nodes). */
  readonly reviews: ReviewsRepo;
  /** Provider batches of batch: true models, recorded before submission (batchesRepo.ts). */
  readonly batches: BatchesRepo;
  /** Experiments started in the app: their cells' state and runs (experimentsRepo.ts). */
  readonly experiments: ExperimentsRepo;
  /** Sizes, pinned runs, garbage collection. */
  readonly storage: StorageRepo;
  /** Buffers results and cache rows; flushed every ~50 ms. */
  readonly writer: ResultWriter;
  close(): void;
}

export interface OpenStoreOptions {
  writer?: WriterOptions;
  busyTimeoutMs?: number;
  /** A running run whose heartbeat is older than this is interrupted (default: $CASCADE_STALE_RUN_MS, else 30 s). */
  staleRunMs?: number;
  /**
   * Open for reading only (a database on a read-only filesystem or in a folder this user cannot write): no
   * migration, no WAL switch, and listing runs does not store that a stale run was interrupted.
   */
  readOnly?: boolean;
  /** Create the database's folder when it is missing (default true; false for a path the user named). */
  createDir?: boolean;
}

export function migrate(db: Database.Database): number {
  registerContentFunctions(db);
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

/** Largest database read into memory when a read-only filesystem leaves no other way (see openReadOnly). */
const SNAPSHOT_MAX_BYTES = 1024 ** 3;

/**
 * Opens a database read-only. A WAL database needs its -shm file, which a read-only filesystem cannot
 * create: then the file is read into memory (as a non-WAL database) — unless a -wal file holds changes not
 * yet in the database, which that copy would miss.
 */
function openReadOnly(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma("user_version", { simple: true });
    return db;
  } catch (e) {
    db.close();
    if (!String((e as { code?: string }).code).startsWith("SQLITE_CANTOPEN")) throw e;
  }
  const wal = statSync(`${path}-wal`, { throwIfNoEntry: false });
  if (wal && wal.size > 0) throw new Error("it cannot be read in place, and its -wal file holds changes not yet in it (open it once where it can be written)");
  const size = statSync(path).size;
  if (size > SNAPSHOT_MAX_BYTES) throw new Error(`it cannot be read in place (read-only filesystem) and is too large (${Math.round(size / 1024 ** 2)} MB) to read into memory`);
  const bytes = readFileSync(path);
  if (bytes.length >= 20 && bytes[18] === 2) {
    bytes[18] = 1; // the header's "WAL" read/write versions → legacy journal, for this in-memory copy only
    bytes[19] = 1;
  }
  return new Database(bytes, { readonly: true });
}

/** A database opened read-only cannot be migrated: it must already have this build's schema. */
function checkSchema(db: Database.Database): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current === SCHEMA_VERSION) return;
  if (current > SCHEMA_VERSION) throw new Error(`the database was written by a newer Cascade Studio (schema ${current}; this build knows up to ${SCHEMA_VERSION})`);
  throw new Error(`the database has schema ${current} and needs an upgrade to ${SCHEMA_VERSION}, which a read-only database cannot get`);
}

function createWriter(db: Database.Database, path: string, opts: WriterOptions = {}): ResultWriter {
  if (db.readonly) return new InThreadWriter(db, opts);
  if (opts.thread === false || path === ":memory:" || path.startsWith("file:") || path === "") return new InThreadWriter(db, opts);
  try {
    return new ThreadWriter(path, opts);
  } catch {
    return new InThreadWriter(db, opts); // e.g. no worker threads in this environment
  }
}

/** Why SQLite refused a file, said for the user (the path is added by the caller). */
function openFailure(e: unknown): string {
  const code = (e as { code?: string }).code ?? "";
  const message = (e as Error).message ?? String(e);
  if (code === "SQLITE_NOTADB") return "it is not a database (not an SQLite file)";
  if (code.startsWith("SQLITE_READONLY")) return "it is read-only (reading commands such as cascade runs can still open it)";
  if (code.startsWith("SQLITE_CANTOPEN")) return `SQLite cannot open it (${message})`;
  if (code === "SQLITE_CORRUPT") return "the database file is damaged";
  return message;
}

/** A database path that cannot work: a folder, or (when not creating it) a missing folder. */
function checkDbPath(path: string, createDir: boolean): void {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (stat?.isDirectory()) throw new Error(`cannot open the database ${path}: it is a folder, not a database file`);
  if (stat) return;
  const dir = dirname(path);
  const dirStat = statSync(dir, { throwIfNoEntry: false });
  if (dirStat && !dirStat.isDirectory()) throw new Error(`cannot create the database ${path}: ${dir} is not a folder`);
  if (!dirStat) {
    if (!createDir) throw new Error(`cannot create the database ${path}: the folder ${dir} does not exist`);
    mkdirSync(dir, { recursive: true });
  }
}

export function openStore(path: string, opts: OpenStoreOptions = {}): Store {
  const readOnly = opts.readOnly === true;
  if (/^postgres(ql)?:\/\//i.test(path.trim())) {
    throw new Error(`cannot open the database ${redactedUrl(path.trim())} as an SQLite file: it is a PostgreSQL URL, which only the runs, results and cache part of the store opens yet (cascade runs --db; openRunStore)`);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path.trim()) && !/^file:/i.test(path.trim())) {
    throw new Error(`cannot open the database "${redactedText(path.trim())}": it is a URL, not an SQLite file (a shared store is a postgres:// URL)`);
  }
  if (path !== ":memory:" && !path.startsWith("file:")) checkDbPath(path, opts.createDir ?? true);
  let db: Database.Database | undefined;
  try {
    db = readOnly ? openReadOnly(path) : new Database(path);
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    // A new database frees pages to the file system on gc (PRAGMA incremental_vacuum): set before its first table.
    if (!readOnly && (db.prepare("SELECT COUNT(*) FROM sqlite_schema").pluck().get() as number) === 0) db.pragma("auto_vacuum = INCREMENTAL");
    if (path !== ":memory:" && !readOnly) db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    registerContentFunctions(db);
    if (readOnly) checkSchema(db);
    else migrate(db);
  } catch (e) {
    db?.close();
    throw new Error(`cannot open the database ${path}: ${openFailure(e)}`);
  }
  const writer = createWriter(db, path, opts.writer);
  let closed = false;
  const store: Store = {
    path,
    writer,
    pipelines: new PipelinesRepo(db),
    runs: new RunsRepo(db, writer, opts.staleRunMs ?? staleRunMsFromEnv()),
    runMeta: new RunMetaRepo(db),
    traces: new TracesRepo(db, writer),
    compare: new CompareRepo(db, writer),
    reports: new ReportRows(db, writer),
    cache: new CacheRepo(db, writer),
    settings: new SettingsRepo(db),
    reviews: new ReviewsRepo(db),
    batches: new BatchesRepo(db),
    experiments: new ExperimentsRepo(db),
    storage: new StorageRepo(db, writer),
    close() {
      if (closed) return;
      closed = true;
      writer.close();
      db!.close();
    },
  };
  attachDatabase(store, db);
  return store;
}
