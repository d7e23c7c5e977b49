/**
 * The app's shared PostgreSQL database (CASCADE_SHARED_CACHE where it starts; none when unset), opened once on
 * first use for everything the service does with it: its runs' shared call cache (engineAdapter.ts) and the
 * list of distributed runs (workersService.ts). A failed open is tried again by the next use; the error names
 * the database (its password hidden).
 */
import { SHARED_CACHE_ENV } from "../store/shared/sharedCacheEnv";
import type { SharedCallCache } from "../store/shared/sharedCallCache";

export interface SharedDatabase {
  /** The URL as set, or undefined: the app has no shared database. */
  readonly url: string | undefined;
  open(): Promise<SharedCallCache>;
  close(): Promise<void>;
}

export function sharedDatabase(env: Record<string, string | undefined>): SharedDatabase {
  const url = env[SHARED_CACHE_ENV] || undefined;
  let opening: Promise<SharedCallCache> | undefined;
  return {
    url,
    open() {
      if (!url) return Promise.reject(new Error(`no shared database: ${SHARED_CACHE_ENV} is not set where the app started`));
      return (opening ??= import("../store/shared/sharedCallCache").then((m) => m.openSharedCache(url)).catch((e: unknown) => ((opening = undefined), Promise.reject(e))));
    },
    async close() {
      const was = opening;
      opening = undefined;
      await was?.then((c) => c.close()).catch(() => {});
    },
  };
}
