/**
 * The PostgreSQL store's tables (#19), in a schema of their own (`cascade_store`), apart from the shared call
 * cache and the distributed runs' tables (store/shared/sharedSchema.ts, in the URL's default schema). Migrations
 * are numbered like SQLite's (store/migrations.ts) but are this backend's own: each is applied once, in one
 * transaction that first takes an advisory lock, so machines opening the store at the same time migrate it once
 * (the others wait, then find it done); `schema_migrations` lists those applied. A database migrated by a newer
 * build (a version above PG_STORE_VERSION) is refused, not written.
 *
 * Columns are SQLite's: JSON as text (a document, an output read back exactly as written: jsonb would reorder
 * keys), times as milliseconds. Ids and the text columns results are ordered by compare as bytes (COLLATE "C"),
 * as SQLite's do, whatever the database's locale.
 *
 * 1: runs (with heartbeat_at, live_totals, live_metrics: runLiveness.ts), results (a result's trace as its
 *    JSON text, in its row), call_cache.
 */
import type pg from "pg";

export const PG_STORE_SCHEMA = "cascade_store";
export const PG_STORE_VERSION = 1;

/** Table names, schema-qualified. */
export const T = {
  runs: `${PG_STORE_SCHEMA}.runs`,
  results: `${PG_STORE_SCHEMA}.results`,
  cache: `${PG_STORE_SCHEMA}.call_cache`,
  migrations: `${PG_STORE_SCHEMA}.schema_migrations`,
} as const;

interface PgMigration {
  version: number;
  description: string;
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: "runs, results, call cache",
    sql: `
      CREATE TABLE ${T.runs} (
        id TEXT COLLATE "C" PRIMARY KEY,
        pipeline_hash TEXT NOT NULL,
        pipeline_name TEXT NOT NULL,
        doc TEXT NOT NULL,
        pipeline_id TEXT,
        dataset_fingerprint TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        started_at BIGINT NOT NULL,
        finished_at BIGINT,
        heartbeat_at BIGINT,
        totals TEXT NOT NULL DEFAULT '{}',
        metrics TEXT NOT NULL DEFAULT '{}',
        node_counts TEXT NOT NULL DEFAULT '{}',
        live_totals TEXT,
        live_metrics TEXT,
        error TEXT
      );
      CREATE INDEX runs_newest ON ${T.runs} (started_at DESC, id DESC);
      CREATE INDEX runs_running ON ${T.runs} (id) WHERE status = 'running';
      CREATE TABLE ${T.results} (
        run_id TEXT COLLATE "C" NOT NULL REFERENCES ${T.runs}(id) ON DELETE CASCADE,
        node_id TEXT COLLATE "C" NOT NULL,
        item_id TEXT COLLATE "C" NOT NULL,
        seq BIGINT NOT NULL,
        status TEXT COLLATE "C" NOT NULL,
        output TEXT,
        error TEXT,
        cache_key TEXT,
        latency_ms DOUBLE PRECISION,
        input_tokens BIGINT,
        output_tokens BIGINT,
        cost_usd DOUBLE PRECISION,
        drop_reason TEXT,
        trace TEXT,
        PRIMARY KEY (run_id, node_id, item_id)
      );
      CREATE INDEX results_items ON ${T.results} (run_id, node_id, seq, item_id);
      CREATE TABLE ${T.cache} (
        key TEXT PRIMARY KEY,
        reply TEXT NOT NULL,
        input_tokens BIGINT,
        output_tokens BIGINT,
        model TEXT,
        created_at BIGINT NOT NULL,
        latency_ms DOUBLE PRECISION
      );
    `,
  },
];

/** The advisory lock every migration takes first (a key of its own: the shared cache's schema has another). */
const LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('${PG_STORE_SCHEMA}'))`;

/** The version of the store in this database: 0 before its first migration. */
async function storeVersion(client: pg.PoolClient): Promise<number> {
  const exists = (await client.query<{ t: string | null }>(`SELECT to_regclass('${T.migrations}') AS t`)).rows[0].t !== null;
  if (!exists) return 0;
  return (await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${T.migrations}`)).rows[0].v ?? 0;
}

/**
 * Brings the store to this build's version, `migrations` (tests pass a longer list) in order; returns the
 * version. Throws, changing nothing, for a store a newer build migrated.
 */
export async function migratePgStore(client: pg.PoolClient, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<number> {
  const latest = migrations.reduce((v, m) => Math.max(v, m.version), 0);
  await client.query("BEGIN");
  try {
    await client.query(LOCK_SQL);
    const current = await storeVersion(client);
    if (current > latest) throw new Error(`it was written by a newer Cascade Studio (store schema ${current}; this build knows up to ${latest})`);
    if (current < latest) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${PG_STORE_SCHEMA}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${T.migrations} (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
      for (const m of migrations) {
        if (m.version <= current) continue;
        await client.query(m.sql);
        await client.query(`INSERT INTO ${T.migrations} (version, description) VALUES ($1, $2)`, [m.version, m.description]);
      }
    }
    await client.query("COMMIT");
    return latest;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}
