/**
 * The SQLite connection behind a Store. Only the store's own modules use it — and tests and seed scripts that
 * fill or inspect the tables directly. Code in `src/` outside `src/main/store` may not import this module or
 * better-sqlite3 (a lint rule, eslint.config.js): everything else goes through the store's repositories.
 */
import type Database from "better-sqlite3";

const connections = new WeakMap<object, Database.Database>();

/** Records the connection of a store just opened (store.ts). */
export function attachDatabase(store: object, db: Database.Database): void {
  connections.set(store, db);
}

/** The store's connection. */
export function databaseOf(store: object): Database.Database {
  const db = connections.get(store);
  if (!db) throw new Error("not a store opened by openStore");
  return db;
}
