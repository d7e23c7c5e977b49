/** The model-call cache: one row per completed call, keyed by the call's content hash. Writes are batched. */
import type { Database, Statement } from "better-sqlite3";
import type { ResultWriter } from "./resultWriter";
import type { CacheRecord } from "./types";

interface CacheRow {
  reply: string;
  input_tokens: number | null;
  output_tokens: number | null;
  model: string | null;
  created_at: number;
  latency_ms: number | null;
}

type CacheTuple = [key: string, reply: string, inputTokens: number | null, outputTokens: number | null, model: string | null, createdAt: number, latencyMs: number | null];

/** Keys per query in getMany (SQLite reads them from one JSON array parameter). */
const KEYS_PER_QUERY = 500;

export class CacheRepo {
  private readonly select: Statement;
  private readonly selectMany: Statement;
  private readonly exists: Statement;

  constructor(
    private readonly db: Database,
    private readonly writer: ResultWriter,
  ) {
    this.select = db.prepare("SELECT reply, input_tokens, output_tokens, model, created_at, latency_ms FROM call_cache WHERE key = ?");
    this.selectMany = db
      .prepare(
        "SELECT key, reply, input_tokens, output_tokens, model, created_at, latency_ms FROM call_cache WHERE key IN (SELECT value FROM json_each(?))",
      )
      .raw(true);
    this.exists = db.prepare("SELECT 1 FROM call_cache WHERE key = ?");
  }

  get(key: string): CacheRecord | undefined {
    const pending = this.writer.pendingCache(key);
    if (pending) return pending;
    const row = this.select.get(key) as CacheRow | undefined;
    if (!row) return undefined;
    return {
      key,
      reply: row.reply,
      inputTokens: row.input_tokens ?? undefined,
      outputTokens: row.output_tokens ?? undefined,
      model: row.model ?? undefined,
      createdAt: row.created_at,
      latencyMs: row.latency_ms ?? undefined,
    };
  }

  /**
   * Many lookups in one query per 500 keys (a read per key costs more than the row: SQLite takes and releases
   * the WAL read lock each time). Rows still buffered in the writer are found too. Misses are absent.
   */
  getMany(keys: Iterable<string>): Map<string, CacheRecord> {
    const found = new Map<string, CacheRecord>();
    const missing: string[] = [];
    for (const key of keys) {
      const pending = this.writer.pendingCache(key);
      if (pending) found.set(key, pending);
      else missing.push(key);
    }
    for (let i = 0; i < missing.length; i += KEYS_PER_QUERY) {
      const rows = this.selectMany.all(JSON.stringify(missing.slice(i, i + KEYS_PER_QUERY))) as CacheTuple[];
      for (const [key, reply, inputTokens, outputTokens, model, createdAt, latencyMs] of rows) {
        found.set(key, {
          key,
          reply,
          inputTokens: inputTokens ?? undefined,
          outputTokens: outputTokens ?? undefined,
          model: model ?? undefined,
          createdAt,
          latencyMs: latencyMs ?? undefined,
        });
      }
    }
    return found;
  }

  has(key: string): boolean {
    return this.writer.pendingCache(key) !== undefined || this.exists.get(key) !== undefined;
  }

  /** Committed as soon as the writer's current batch is done; the promise settles on the commit. */
  put(record: CacheRecord): Promise<void> {
    return this.writer.putCache(record);
  }

  count(): number {
    this.writer.flush();
    return (this.db.prepare("SELECT COUNT(*) AS n FROM call_cache").get() as { n: number }).n;
  }

  clear(): void {
    this.writer.flush();
    this.db.prepare("DELETE FROM call_cache").run();
  }
}
