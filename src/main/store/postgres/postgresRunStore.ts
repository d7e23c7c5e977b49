/**
 * The store contract (contract/runStore.ts) on PostgreSQL (#19): runs, results and the call cache of a lab's
 * shared store, in the `cascade_store` schema (pgStoreSchema.ts), over a pg Pool. Every write is committed
 * before its promise resolves, so any store on the same database reads it next. Semantics are the SQLite
 * repositories' (the contract suite runs against both); ids and the errors for unknown ones are the same words.
 * Connection failures and refused queries are said naming the URL without its password.
 */
import pg from "pg";
import type { ResultsQuery, RunSummary } from "../../../shared/contract";
import type { NodeCounts } from "../../../shared/events";
import type { PipelineDoc } from "../../../shared/pipeline/schema";
import type { CreateRunInput, FinishRunInput, RecordsQuery, ResultsPage, RunDetail, RunStore, RunStoreOptions } from "../contract/runStore";
import { contentHash } from "../hash";
import { staleRunMsFromEnv, type RunningTotals } from "../runLiveness";
import { countNodes, emptyTotals, toResultRecord, toResultRow, toSummary, type NodeStatusGroup, type RecordDbRow, type ResultDbRow, type RunRow } from "../runRows";
import { newRunId } from "../runsRepo";
import type { StoredTrace } from "../traceFormat";
import { AGGREGATE_ITEM_ID, type TracedResult } from "../tracesRepo";
import type { CacheRecord, ResultRecord } from "../types";
import { redactedText, redactedUrl } from "../shared/redactUrl";
import { insertResults } from "./pgResultsInsert";
import { pgResultsPage, RESULT_COLUMNS } from "./pgResultsPage";
import { migratePgStore, T } from "./pgStoreSchema";

const CONNECT_TIMEOUT_MS = 5_000;
/** A query that takes longer fails (a server that hangs), naming the store. */
const QUERY_TIMEOUT_MS = 60_000;
const KEYS_PER_QUERY = 1000;
const RUN_COLUMNS = "id, pipeline_hash, pipeline_name, doc, pipeline_id, dataset_fingerprint, label, status, started_at, finished_at, totals, metrics, node_counts, error";

/** BIGINT columns (times in ms, counts) as numbers: every value the store keeps is below 2^53. */
const TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => (oid === pg.types.builtins.INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser,
};

type CacheRow = { key: string; reply: string; input_tokens: number | null; output_tokens: number | null; model: string | null; created_at: number; latency_ms: number | null };

function toCacheRecord(r: CacheRow): CacheRecord {
  const rec: CacheRecord = { key: r.key, reply: r.reply, createdAt: r.created_at };
  if (r.input_tokens !== null) rec.inputTokens = r.input_tokens;
  if (r.output_tokens !== null) rec.outputTokens = r.output_tokens;
  if (r.model !== null) rec.model = r.model;
  if (r.latency_ms !== null) rec.latencyMs = r.latency_ms;
  return rec;
}

/**
 * A client taken from the pool emits "error" when its connection breaks (the server stopped) — with no listener,
 * an uncaught exception that ends the process, while its query rejects anyway and is said, named. This listens
 * while the client is out; `release` gives it back, or destroys it when its connection broke.
 */
function quietWhileOut(client: pg.PoolClient): { release(): void } {
  let broken: Error | undefined;
  const onError = (e: Error) => void (broken = e);
  client.on("error", onError);
  return {
    release() {
      client.off("error", onError);
      client.release(broken);
    },
  };
}

const noRun = (id: string) => new Error(`no run "${id}"`);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class PostgresRunStore implements RunStore {
  readonly backend = "postgres" as const;

  constructor(
    private readonly pool: pg.Pool,
    readonly where: string,
    private readonly staleRunMs: number,
  ) {}

  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (e) {
      throw new Error(`the PostgreSQL store ${this.where}: ${message(e)}`);
    }
  }

  /** `f` in one transaction on one connection; `what` names a failure. */
  private async transaction<V>(what: string, f: (client: pg.PoolClient) => Promise<V>, begin = "BEGIN"): Promise<V> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw new Error(`${what} ${this.where} failed: ${message(e)}`);
    }
    const lost = quietWhileOut(client);
    try {
      await client.query(begin);
      const value = await f(client);
      await client.query("COMMIT");
      return value;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw new Error(`${what} ${this.where} failed: ${message(e)}`);
    } finally {
      lost.release();
    }
  }

  /** Stores as interrupted the running runs (all, or `id`) whose last heartbeat is older than the threshold. */
  private async interruptStale(id?: string): Promise<void> {
    const before = Date.now() - this.staleRunMs;
    const set = `UPDATE ${T.runs} SET status = 'interrupted', totals = COALESCE(live_totals, totals), metrics = COALESCE(live_metrics, metrics)`;
    const stale = "status = 'running' AND COALESCE(heartbeat_at, started_at) < $1";
    if (id === undefined) await this.query(`${set} WHERE ${stale}`, [before]);
    else await this.query(`${set} WHERE id = $2 AND ${stale}`, [before, id]);
  }

  private async row(id: string): Promise<RunRow> {
    const row = (await this.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM ${T.runs} WHERE id = $1`, [id])).rows[0];
    if (!row) throw noRun(id);
    return row;
  }

  private async summary(id: string): Promise<RunSummary> {
    await this.interruptStale(id);
    return toSummary(await this.row(id));
  }

  readonly runs = {
    create: async (input: CreateRunInput): Promise<RunSummary> => {
      const id = input.id ?? newRunId();
      try {
        await this.pool.query(
          `INSERT INTO ${T.runs} (id, pipeline_hash, pipeline_name, doc, pipeline_id, dataset_fingerprint, label, status, started_at, totals, metrics)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'running', $8, $9, '{}')`,
          [id, contentHash(input.doc), input.doc.name, JSON.stringify(input.doc), input.pipelineId ?? null, input.datasetFingerprint, input.label ?? "", input.startedAt ?? Date.now(), JSON.stringify(emptyTotals())],
        );
      } catch (e) {
        if ((e as { code?: string }).code === "23505") throw new Error(`run "${id}" exists already`);
        throw new Error(`the PostgreSQL store ${this.where}: ${message(e)}`);
      }
      return this.summary(id);
    },

    setFingerprint: async (id: string, fingerprint: string): Promise<void> => {
      await this.query(`UPDATE ${T.runs} SET dataset_fingerprint = $1 WHERE id = $2`, [fingerprint, id]);
    },

    beat: async (id: string, totals?: RunningTotals): Promise<void> => {
      await this.query(
        `UPDATE ${T.runs} SET heartbeat_at = $1, status = 'running', live_totals = COALESCE($2, live_totals), live_metrics = COALESCE($3, live_metrics)
         WHERE id = $4 AND status IN ('running', 'interrupted')`,
        [Date.now(), totals ? JSON.stringify(totals.totals) : null, totals ? JSON.stringify(totals.metrics) : null, id],
      );
    },

    finish: async (id: string, input: FinishRunInput): Promise<RunSummary> => {
      const { rowCount } = await this.query(`UPDATE ${T.runs} SET status = $1, totals = $2, metrics = $3, node_counts = $4, error = $5, finished_at = $6 WHERE id = $7`, [
        input.status,
        JSON.stringify(input.totals),
        JSON.stringify(input.metrics),
        JSON.stringify(input.nodes ?? {}),
        input.error ?? null,
        input.finishedAt ?? Date.now(),
        id,
      ]);
      if (rowCount === 0) throw noRun(id);
      return this.summary(id);
    },

    list: async (): Promise<RunSummary[]> => {
      await this.interruptStale();
      return (await this.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM ${T.runs} ORDER BY started_at DESC, id DESC`)).rows.map(toSummary);
    },

    get: async (id: string): Promise<RunDetail> => {
      await this.interruptStale(id);
      const row = await this.row(id);
      const stored = JSON.parse(row.node_counts) as Record<string, NodeCounts>;
      const doc = JSON.parse(row.doc) as PipelineDoc;
      if (Object.keys(stored).length > 0) return { ...toSummary(row), doc, nodes: stored };
      const grouped = await this.query<NodeStatusGroup>(
        `SELECT node_id, status, COUNT(*) AS n, SUM(COALESCE(latency_ms, 0))::float8 AS latency, SUM(COALESCE(input_tokens, 0))::float8 AS inp,
                SUM(COALESCE(output_tokens, 0))::float8 AS outp, SUM(COALESCE(cost_usd, 0))::float8 AS cost
         FROM ${T.results} WHERE run_id = $1 GROUP BY node_id, status`,
        [id],
      );
      return { ...toSummary(row), doc, nodes: countNodes(grouped.rows) };
    },

    has: async (id: string): Promise<boolean> => (await this.query(`SELECT 1 FROM ${T.runs} WHERE id = $1`, [id])).rowCount! > 0,

    resolveId: async (idOrPrefix: string): Promise<string> => {
      if ((await this.query(`SELECT 1 FROM ${T.runs} WHERE id = $1`, [idOrPrefix])).rowCount! > 0) return idOrPrefix;
      const like = idOrPrefix.replace(/[\\%_]/g, (c) => `\\${c}`) + "%";
      const rows = (await this.query<{ id: string }>(`SELECT id FROM ${T.runs} WHERE id LIKE $1 ESCAPE '\\' LIMIT 2`, [like])).rows;
      if (rows.length === 1) return rows[0].id;
      throw new Error(rows.length ? `run id "${idOrPrefix}" is ambiguous` : `no run "${idOrPrefix}"`);
    },

    rename: async (id: string, label: string): Promise<void> => {
      if ((await this.query(`UPDATE ${T.runs} SET label = $1 WHERE id = $2`, [label, id])).rowCount === 0) throw noRun(id);
    },

    /** Its results go with it (ON DELETE CASCADE). */
    delete: async (id: string): Promise<void> => {
      if ((await this.query(`DELETE FROM ${T.runs} WHERE id = $1`, [id])).rowCount === 0) throw noRun(id);
    },
  };

  readonly results = {
    put: async (batch: readonly ResultRecord[]): Promise<void> => {
      if (batch.length === 0) return;
      await this.transaction("writing results to", (client) => insertResults(client, batch));
    },

    page: async (query: ResultsQuery): Promise<ResultsPage> => {
      let client: pg.PoolClient;
      try {
        client = await this.pool.connect();
      } catch (e) {
        throw new Error(`the PostgreSQL store ${this.where}: ${message(e)}`);
      }
      const lost = quietWhileOut(client);
      try {
        return await pgResultsPage(client, query);
      } catch (e) {
        throw new Error(`the PostgreSQL store ${this.where}: ${message(e)}`);
      } finally {
        lost.release();
      }
    },

    get: async (runId: string, nodeId: string, itemId: string) => {
      const r = (await this.query<ResultDbRow>(`SELECT ${RESULT_COLUMNS} FROM ${T.results} WHERE run_id = $1 AND node_id = $2 AND item_id = $3`, [runId, nodeId, itemId])).rows[0];
      return r ? toResultRow(r) : undefined;
    },

    nodes: async (runId: string): Promise<string[]> =>
      (await this.query<{ node_id: string }>(`SELECT DISTINCT node_id FROM ${T.results} WHERE run_id = $1 ORDER BY node_id`, [runId])).rows.map((r) => r.node_id),

    forItem: async (runId: string, itemId: string, nodeIds: readonly string[]): Promise<Map<string, Map<string, TracedResult>>> => {
      const out = new Map<string, Map<string, TracedResult>>();
      if (nodeIds.length === 0) return out;
      const rows = await this.query<ResultDbRow & { trace: string | null }>(
        `SELECT ${RESULT_COLUMNS}, trace FROM ${T.results} WHERE run_id = $1 AND node_id = ANY($2::text[]) AND item_id IN ($3, $4)`,
        [runId, [...nodeIds], itemId, AGGREGATE_ITEM_ID],
      );
      for (const r of rows.rows) {
        let byItem = out.get(r.node_id);
        if (!byItem) out.set(r.node_id, (byItem = new Map()));
        byItem.set(r.item_id, { row: toResultRow(r), ...(r.trace ? { trace: JSON.parse(r.trace) as StoredTrace } : {}) });
      }
      return out;
    },

    /** A row-value bound over the index results_items (run, node, seq, item): each page an index range. */
    records: async (q: RecordsQuery): Promise<ResultRecord[]> => {
      const select = `SELECT ${RESULT_COLUMNS}, cost_usd, trace FROM ${T.results} WHERE run_id = $1 AND node_id = $2`;
      const rows = q.after
        ? await this.query<RecordDbRow>(`${select} AND (seq, item_id) > ($3, $4) ORDER BY seq, item_id LIMIT $5`, [q.runId, q.nodeId, q.after.seq, q.after.itemId, q.limit])
        : await this.query<RecordDbRow>(`${select} ORDER BY seq, item_id LIMIT $3`, [q.runId, q.nodeId, q.limit]);
      return rows.rows.map((r) => toResultRecord(q.runId, r));
    },
  };

  readonly cache = {
    get: async (key: string): Promise<CacheRecord | undefined> => {
      const r = (await this.query<CacheRow>(`SELECT key, reply, input_tokens, output_tokens, model, created_at, latency_ms FROM ${T.cache} WHERE key = $1`, [key])).rows[0];
      return r ? toCacheRecord(r) : undefined;
    },

    getMany: async (keys: Iterable<string>): Promise<Map<string, CacheRecord>> => {
      const all = [...new Set(keys)];
      const found = new Map<string, CacheRecord>();
      for (let i = 0; i < all.length; i += KEYS_PER_QUERY) {
        const rows = (await this.query<CacheRow>(`SELECT key, reply, input_tokens, output_tokens, model, created_at, latency_ms FROM ${T.cache} WHERE key = ANY($1::text[])`, [all.slice(i, i + KEYS_PER_QUERY)])).rows;
        for (const r of rows) found.set(r.key, toCacheRecord(r));
      }
      return found;
    },

    /** A key written again takes the new row (SQLite's INSERT OR REPLACE). */
    put: async (r: CacheRecord): Promise<void> => {
      await this.query(
        `INSERT INTO ${T.cache} (key, reply, input_tokens, output_tokens, model, created_at, latency_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (key) DO UPDATE SET reply = excluded.reply, input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens,
           model = excluded.model, created_at = excluded.created_at, latency_ms = excluded.latency_ms`,
        [r.key, r.reply, r.inputTokens ?? null, r.outputTokens ?? null, r.model ?? null, r.createdAt, r.latencyMs ?? null],
      );
    },

    count: async (): Promise<number> => (await this.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${T.cache}`)).rows[0].n,
  };

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Why the server could not be reached or refused, said for the user (the URL is added by the caller). */
function connectFailure(e: unknown): string {
  const code = (e as { code?: string }).code ?? "";
  const text = message(e);
  if (code === "ECONNREFUSED") return `nothing accepts connections there: is the server running? (${text})`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `its host is not known (${text})`;
  if (code === "28P01" || code === "28000") return `the server refused the login (${text})`;
  if (/timeout/i.test(text)) return `the server did not answer within ${CONNECT_TIMEOUT_MS / 1000} s (${text})`;
  return text;
}

export interface PostgresRunStoreOptions extends RunStoreOptions {
  /** Connections in the pool (default 8). */
  maxConnections?: number;
}

/**
 * Connects to `url` (postgres:// or postgresql://) and migrates the store (pgStoreSchema.ts); a server that is
 * down or refuses, a wrong URL or a newer store fails here with the URL named, its password hidden.
 */
export async function openPostgresRunStore(url: string, opts: PostgresRunStoreOptions = {}): Promise<PostgresRunStore> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`the PostgreSQL store URL "${redactedText(url)}" cannot be parsed (expected postgres://user@host:port/database)`);
  }
  const where = redactedUrl(url);
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") throw new Error(`the store ${where} is not a PostgreSQL URL (postgres:// or postgresql://)`);
  if (!parsed.hostname) throw new Error(`the PostgreSQL store ${where} names no host (expected postgres://user@host:port/database)`);
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.maxConnections ?? 8,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    idleTimeoutMillis: 10_000,
    types: TYPES,
  });
  pool.on("error", () => {}); // an idle connection the server closed: the next query opens another (and fails, named, if it cannot)
  try {
    const client = await pool.connect();
    try {
      await migratePgStore(client);
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end().catch(() => {});
    throw new Error(`cannot open the PostgreSQL store ${where}: ${connectFailure(e)}`);
  }
  return new PostgresRunStore(pool, where, opts.staleRunMs ?? staleRunMsFromEnv());
}
