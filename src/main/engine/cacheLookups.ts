/**
 * The cache lookups of a run's concurrent calls, gathered and answered by one store query per turn of the
 * event loop (many items reach the same node at about the same time; a warm re-run makes only lookups). With a
 * shared cache (store/shared/sharedCallCache.ts), the keys this machine's cache misses are asked there in one
 * query, and what it has is written to the local cache before the calls get it (their results refer to it). A
 * shared cache that fails fails the lookups it had to answer, naming it (the calls are not made blindly).
 */
import type { CacheRepo } from "../store/cacheRepo";
import type { SharedCallCache } from "../store/shared/sharedCallCache";
import type { CacheRecord } from "../store/types";

type Waiter = { resolve: (row: CacheRecord | undefined) => void; reject: (e: unknown) => void };

export class CacheLookups {
  private waiting = new Map<string, Waiter[]>();
  private scheduled = false;

  constructor(
    private readonly cache: Pick<CacheRepo, "getMany" | "put">,
    private readonly shared?: Pick<SharedCallCache, "getMany">,
  ) {}

  /** The cached reply of a call, or undefined. */
  get(key: string): Promise<CacheRecord | undefined> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(key);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.answer());
      }
    });
  }

  private async answer(): Promise<void> {
    const waiting = this.waiting;
    this.waiting = new Map();
    this.scheduled = false;
    let found: Map<string, CacheRecord>;
    try {
      found = this.cache.getMany(waiting.keys());
    } catch (e) {
      for (const list of waiting.values()) for (const w of list) w.reject(e);
      return;
    }
    const missing = this.shared ? [...waiting.keys()].filter((k) => !found.has(k)) : [];
    if (missing.length) {
      try {
        const remote = await this.shared!.getMany(missing);
        await Promise.all([...remote.values()].map((row) => this.cache.put(row)));
        for (const [key, row] of remote) found.set(key, row);
      } catch (e) {
        for (const key of missing) for (const w of waiting.get(key)!) w.reject(e);
        for (const key of missing) waiting.delete(key);
      }
    }
    for (const [key, list] of waiting) {
      const row = found.get(key);
      for (const w of list) w.resolve(row);
    }
  }
}
