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

export class CacheRepo {
  private readonly select: Statement;
  private readonly exists: Statement;

  constructor(
    private readonly db: Database,
    private readonly writer: ResultWriter,
  ) {
    this.select = db.prepare("SELECT reply, input_tokens, output_tokens, model, created_at, latency_ms FROM call_cache WHERE key = ?");
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

  has(key: string): boolean {
    return this.writer.pendingCache(key) !== undefined || this.exists.get(key) !== undefined;
  }

  /** Buffered: written within the writer's interval (~50 ms). */
  put(record: CacheRecord): void {
    this.writer.putCache(record);
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
