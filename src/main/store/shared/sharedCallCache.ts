/**
 * A call cache shared by several machines, in PostgreSQL (`--shared-cache postgres://…`, or
 * $CASCADE_SHARED_CACHE): a lab's runs look up a call here when this machine's SQLite cache misses, and write
 * every new answer here as well as locally, so nobody pays twice for the same call. The local store stays the
 * store of runs and results; this is a second tier of the cache only (#19's first part).
 *
 * node-postgres (`pg`): the standard PostgreSQL client for Node, pure JavaScript (no libpq to build), with a
 * connection pool and per-query timeouts. Its table lives in the database the URL names, created on first use
 * (sharedSchema.ts, with the distributed runs' tables).
 */
import pg from "pg";
import type { CacheRecord } from "../types";
import { redactedText, redactedUrl } from "./redactUrl";
import { migrateSharedSchema, SHARED_SCHEMA_VERSION } from "./sharedSchema";

export { redactedUrl } from "./redactUrl";

/** The shared database's connections, for the other parts kept in it (endpoint leases, run progress). */
export interface SharedDb {
  readonly pool: pg.Pool;
  /** The URL as given (a LISTEN needs a connection of its own). */
  readonly url: string;
  /** The URL without its password, for messages. */
  readonly where: string;
}

export interface SharedCallCache {
  /** The URL without its password, for messages. */
  readonly where: string;
  /** The answers the shared cache has for these keys. */
  getMany(keys: readonly string[]): Promise<Map<string, CacheRecord>>;
  /** Stores an answer (a key already there keeps its first answer, as the local cache does). */
  put(record: CacheRecord): Promise<void>;
  /** A distributed run's pipeline and base dir (JSON), stored once for all its jobs (distributed/dispatchItems.ts). */
  putRunDoc(runKey: string, payload: string): Promise<void>;
  getRunDoc(runKey: string): Promise<string | undefined>;
  /** The database itself, for the distributed runs' other tables (endpointLeases.ts, runProgress.ts). */
  readonly postgres: SharedDb;
  close(): Promise<void>;
}

/** The shared database's schema version (sharedSchema.ts). */
export const SHARED_CACHE_VERSION = SHARED_SCHEMA_VERSION;
const KEYS_PER_QUERY = 500;
/** A query that takes longer fails (a server that hangs), naming the cache. */
const QUERY_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 5_000;

type Row = { key: string; reply: string; input_tokens: number | null; output_tokens: number | null; model: string | null; created_at: string; latency_ms: number | null };

function toRecord(r: Row): CacheRecord {
  const rec: CacheRecord = { key: r.key, reply: r.reply, createdAt: Number(r.created_at) };
  if (r.input_tokens !== null) rec.inputTokens = r.input_tokens;
  if (r.output_tokens !== null) rec.outputTokens = r.output_tokens;
  if (r.model !== null) rec.model = r.model;
  if (r.latency_ms !== null) rec.latencyMs = r.latency_ms;
  return rec;
}

class PgCallCache implements SharedCallCache {
  readonly postgres: SharedDb;
  constructor(
    private readonly pool: pg.Pool,
    readonly where: string,
    url: string,
  ) {
    this.postgres = { pool, url, where };
  }

  private fail(what: string, e: unknown): Error {
    return new Error(`the shared cache ${this.where} could not ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }

  async getMany(keys: readonly string[]): Promise<Map<string, CacheRecord>> {
    const found = new Map<string, CacheRecord>();
    for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
      let rows: Row[];
      try {
        rows = (await this.pool.query<Row>("SELECT key, reply, input_tokens, output_tokens, model, created_at, latency_ms FROM cascade_call_cache WHERE key = ANY($1::text[])", [keys.slice(i, i + KEYS_PER_QUERY)])).rows;
      } catch (e) {
        throw this.fail("be read", e);
      }
      for (const r of rows) found.set(r.key, toRecord(r));
    }
    return found;
  }

  async put(r: CacheRecord): Promise<void> {
    try {
      await this.pool.query(
        "INSERT INTO cascade_call_cache (key, reply, input_tokens, output_tokens, model, created_at, latency_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key) DO NOTHING",
        [r.key, r.reply, r.inputTokens ?? null, r.outputTokens ?? null, r.model ?? null, r.createdAt, r.latencyMs ?? null],
      );
    } catch (e) {
      throw this.fail("store an answer", e);
    }
  }

  async putRunDoc(runKey: string, payload: string): Promise<void> {
    try {
      await this.pool.query("INSERT INTO cascade_run_docs (run_key, payload, created_at) VALUES ($1, $2, $3) ON CONFLICT (run_key) DO NOTHING", [runKey, payload, Date.now()]);
    } catch (e) {
      throw this.fail("store the run's pipeline", e);
    }
  }

  async getRunDoc(runKey: string): Promise<string | undefined> {
    try {
      return (await this.pool.query<{ payload: string }>("SELECT payload FROM cascade_run_docs WHERE run_key = $1", [runKey])).rows[0]?.payload;
    } catch (e) {
      throw this.fail("read a run's pipeline", e);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Connects (and creates the table on first use); an unreachable server or a wrong URL fails here, named. */
export async function openSharedCache(url: string): Promise<SharedCallCache> {
  const where = redactedUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`the shared cache URL "${redactedText(url)}" cannot be parsed (expected postgres://user@host:port/database)`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") throw new Error(`the shared cache ${where}: only PostgreSQL is supported (a postgres:// URL)`);
  if (!parsed.hostname) throw new Error(`the shared cache ${where} names no host (expected postgres://user@host:port/database)`);
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: QUERY_TIMEOUT_MS, idleTimeoutMillis: 10_000 });
  pool.on("error", () => {}); // an idle connection the server closed: the next query opens another (and fails, named, if it cannot)
  try {
    const client = await pool.connect();
    try {
      await migrateSharedSchema(client);
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end().catch(() => {});
    throw new Error(`cannot open the shared cache ${where}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return new PgCallCache(pool, where, url);
}
