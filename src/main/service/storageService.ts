/** storage.summary, storage.gc and runs.pin: the store's storage repository (the code of cascade db, gc, runs pin). */
import type { Params, Result } from "../../shared/contract";
import type { Store } from "../store/store";
import { ServiceError } from "./errors";

type StorageHandlers = { [M in "storage.summary" | "storage.gc" | "runs.pin"]: (p: Params<M>) => Promise<Result<M>> };

export function storageService(store: Store): StorageHandlers {
  return {
    "storage.summary": async () => ({
      database: store.storage.size(),
      runSizes: Object.fromEntries(store.storage.runSizes()),
      pinned: [...store.storage.pinnedRunIds()],
    }),
    "storage.gc": async (policy) => store.storage.collect(policy),
    "runs.pin": async ({ runId, pinned }) => {
      try {
        store.storage.setPinned(runId, pinned);
      } catch (e) {
        throw new ServiceError(`runs.pin: ${(e as Error).message}`);
      }
    },
  };
}
