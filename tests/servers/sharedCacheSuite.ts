/**
 * A real PostgreSQL (./postgres.ts) and the shared call cache on it, for the tests of one file: started before
 * them (initdb and the cache's schema: up to a minute on a loaded machine) and closed after them.
 */
import { afterAll, beforeAll } from "vitest";
import { openSharedCache, type SharedCallCache } from "../../src/main/store/shared/sharedCallCache";
import { startPostgres, type PostgresServer } from "./postgres";

export interface SharedCacheSuite {
  server: PostgresServer;
  shared: SharedCallCache;
}

/** Registers the file's hooks; the fields are set once its tests start. */
export function sharedCacheSuite(): SharedCacheSuite {
  const suite = {} as SharedCacheSuite;
  beforeAll(async () => {
    suite.server = await startPostgres();
    suite.shared = await openSharedCache(suite.server.url);
  }, 60_000);
  afterAll(async () => {
    await suite.shared?.close();
    suite.server?.close();
  });
  return suite;
}
