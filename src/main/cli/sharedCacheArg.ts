/**
 * `--shared-cache URL` (or $CASCADE_SHARED_CACHE) of `cascade run` and `cascade sweep`: opens the PostgreSQL
 * call cache shared with other machines (store/shared/sharedCallCache.ts), loaded only when asked for (pg is
 * not part of the CLI's start-up). An unreachable server fails the command before any call, naming it.
 */
import type { SharedCallCache } from "../store/shared/sharedCallCache";

import { SHARED_CACHE_ENV } from "../store/shared/sharedCacheEnv";
import { UsageError } from "./command";

export { SHARED_CACHE_ENV };

export async function openSharedCacheArg(value: string | undefined, env: Record<string, string | undefined>): Promise<SharedCallCache | undefined> {
  if (value !== undefined && value.trim() === "") throw new UsageError("--shared-cache is empty: give a postgres://user@host:port/database URL");
  const url = value ?? env[SHARED_CACHE_ENV];
  if (!url) return undefined;
  const { openSharedCache } = await import("../store/shared/sharedCallCache");
  return openSharedCache(url);
}
