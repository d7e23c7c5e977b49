/**
 * Where a run writes a new answer: this machine's call cache, then the shared cache when the run has one
 * (store/shared/sharedCallCache.ts). Both before anything depends on the answer (see ModelCaller's commit). A
 * failed write to the shared cache is the call's error, naming the cache: the answer is in the local cache by
 * then, so a re-run does not pay for it again (it stays this machine's only).
 */
import type { CacheRepo } from "../store/cacheRepo";
import type { SharedCallCache } from "../store/shared/sharedCallCache";
import type { CacheRecord } from "../store/types";

export interface CallCacheWrites {
  put(record: CacheRecord): Promise<void>;
}

export function callCacheWrites(local: Pick<CacheRepo, "put">, shared?: SharedCallCache): CallCacheWrites {
  if (!shared) return local;
  return {
    async put(record) {
      await local.put(record);
      await shared.put(record);
    },
  };
}
