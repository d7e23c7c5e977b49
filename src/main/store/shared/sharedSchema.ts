/**
 * The tables of the shared PostgreSQL database (`--shared-cache postgres://…`), created on first use under an
 * advisory lock (machines starting at the same time create them once); `cascade_schema` holds the version.
 *
 * 1: the call cache (cascade_call_cache). 2: distributed runs' documents (cascade_run_docs).
 * 3: endpoint limits shared by the workers (cascade_endpoint_leases: one row per slot of an endpoint, held by
 *    one worker until it frees it or its lease expires; cascade_endpoint_waiters: who waits, since when — the
 *    order in which slots go to workers, endpointLeases.ts) and distributed runs' progress (cascade_run_jobs,
 *    cascade_run_progress: runProgress.ts).
 */
import type pg from "pg";

export const SHARED_SCHEMA_VERSION = 3;

const MIGRATION = `
  CREATE TABLE IF NOT EXISTS cascade_schema (part TEXT PRIMARY KEY, version INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS cascade_call_cache (
    key TEXT PRIMARY KEY,
    reply TEXT NOT NULL,
    input_tokens INTEGER,
    output_tokens INTEGER,
    model TEXT,
    created_at BIGINT NOT NULL,
    latency_ms DOUBLE PRECISION
  );
  CREATE TABLE IF NOT EXISTS cascade_run_docs (run_key TEXT PRIMARY KEY, payload TEXT NOT NULL, created_at BIGINT NOT NULL);
  CREATE TABLE IF NOT EXISTS cascade_endpoint_leases (
    endpoint TEXT NOT NULL,
    slot INTEGER NOT NULL,
    label TEXT NOT NULL,
    holder TEXT,
    expires_at TIMESTAMPTZ NOT NULL DEFAULT '-infinity',
    PRIMARY KEY (endpoint, slot)
  );
  CREATE TABLE IF NOT EXISTS cascade_endpoint_waiters (
    endpoint TEXT NOT NULL,
    holder TEXT NOT NULL,
    since TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (endpoint, holder)
  );
  CREATE TABLE IF NOT EXISTS cascade_run_progress (
    run_key TEXT PRIMARY KEY,
    jobs INTEGER NOT NULL,
    items INTEGER NOT NULL,
    done_jobs INTEGER NOT NULL DEFAULT 0,
    failed_jobs INTEGER NOT NULL DEFAULT 0,
    done_items INTEGER NOT NULL DEFAULT 0,
    failed_items INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS cascade_run_jobs (
    run_key TEXT NOT NULL,
    job_id TEXT NOT NULL,
    items INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued',
    PRIMARY KEY (run_key, job_id)
  );
  INSERT INTO cascade_schema (part, version) VALUES ('call_cache', ${SHARED_SCHEMA_VERSION}) ON CONFLICT (part) DO UPDATE SET version = excluded.version;
`;

/** Brings the database to this build's version (every step is IF NOT EXISTS: an older database gains the new tables). */
export async function migrateSharedSchema(client: pg.PoolClient): Promise<void> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('cascade_schema'))");
    const exists = (await client.query("SELECT to_regclass('cascade_schema') AS t")).rows[0].t !== null;
    const version = exists ? ((await client.query("SELECT version FROM cascade_schema WHERE part = 'call_cache'")).rows[0]?.version as number | undefined) : undefined;
    if (version !== undefined && version > SHARED_SCHEMA_VERSION) throw new Error(`its call cache was made by a newer Cascade Studio (version ${version}; this build knows up to ${SHARED_SCHEMA_VERSION})`);
    await client.query(MIGRATION);
    await client.query("COMMIT");
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  }
}
