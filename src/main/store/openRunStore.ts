/**
 * Opens the store contract (contract/runStore.ts) on the backend a target names: a postgres:// or postgresql://
 * URL → PostgreSQL (postgres/postgresRunStore.ts), a path → the SQLite file (openStore). No target: $CASCADE_DB
 * when set (a path or a URL), else the SQLite file in the user-data folder, as before.
 */
import type { RunStore, RunStoreOptions } from "./contract/runStore";
import { defaultDbPath } from "./paths";
import { redactedText } from "./shared/redactUrl";
import { SqliteRunStore } from "./sqliteRunStore";
import { openStore, type OpenStoreOptions } from "./store";

/** postgres:// or postgresql:// (any case). */
export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target.trim());
}

/**
 * A target that is a URL (scheme://), not a path: a PostgreSQL store, or one of another database, refused by
 * name. `file:` stays a path (an SQLite URI, as openStore takes it).
 */
export function isStoreUrl(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target.trim()) && !/^file:/i.test(target.trim());
}

export interface OpenRunStoreOptions extends RunStoreOptions {
  /** Options of the SQLite store (a path target). */
  sqlite?: Omit<OpenStoreOptions, "staleRunMs">;
}

export async function openRunStore(target?: string, opts: OpenRunStoreOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<RunStore> {
  const chosen = target ?? defaultDbPath(env);
  if (isPostgresUrl(chosen)) {
    // pg loads only for a PostgreSQL store: `cascade runs` on the SQLite file does not pay for it.
    const { openPostgresRunStore } = await import("./postgres/postgresRunStore");
    return openPostgresRunStore(chosen.trim(), { staleRunMs: opts.staleRunMs });
  }
  if (isStoreUrl(chosen)) throw new Error(`the store "${redactedText(chosen)}" is neither a path nor a PostgreSQL URL (postgres://user@host:port/database)`);
  return new SqliteRunStore(openStore(chosen, { ...opts.sqlite, ...(opts.staleRunMs !== undefined ? { staleRunMs: opts.staleRunMs } : {}) }));
}
