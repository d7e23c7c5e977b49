/**
 * The cache lookups of a run's concurrent calls, gathered and answered by one store query per turn of the
 * event loop (many items reach the same node at about the same time; a warm re-run makes only lookups).
 */
import type { CacheRepo } from "../store/cacheRepo";
import type { CacheRecord } from "../store/types";

type Waiter = { resolve: (row: CacheRecord | undefined) => void; reject: (e: unknown) => void };

export class CacheLookups {
  private waiting = new Map<string, Waiter[]>();
  private scheduled = false;

  constructor(private readonly cache: Pick<CacheRepo, "getMany">) {}

  /** The cached reply of a call, or undefined. */
  get(key: string): Promise<CacheRecord | undefined> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(key);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.answer());
      }
    });
  }

  private answer(): void {
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
    for (const [key, list] of waiting) {
      const row = found.get(key);
      for (const w of list) w.resolve(row);
    }
  }
}
