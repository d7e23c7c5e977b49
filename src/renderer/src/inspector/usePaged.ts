/**
 * A long server-paged list, fetched page by page as it scrolls (never whole). A new `key` (or `refresh`)
 * starts a fresh cache; `ensure(start, end)` asks for the pages a visible range needs; the component
 * re-renders when pages arrive. The rows of the previous cache stay visible until their page is refetched.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { PageCache } from "./pageCache";

export interface Paged<T> {
  total: number | null;
  error: string | null;
  rowAt(index: number): T | undefined;
  ensure(start: number, end: number): void;
}

export type FetchPage<T> = (offset: number, limit: number) => Promise<{ total: number; rows: T[] }>;

export function usePaged<T>(key: string | null, fetchPage: FetchPage<T>, refresh = 0, pageSize = 200): Paged<T> {
  const previous = useRef<{ key: string | null; cache: PageCache<T> } | null>(null);
  const cache = useMemo(() => new PageCache<T>(pageSize), [key, refresh, pageSize]);
  const stale = previous.current && previous.current.key === key && previous.current.cache !== cache ? previous.current.cache : null;
  const [, setTick] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const current = useRef(cache);
  current.current = cache;
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const ensure = useCallback(
    (start: number, end: number) => {
      if (key === null) return;
      for (const page of cache.missing(start, end)) {
        cache.markLoading(page);
        fetchRef
          .current(page * pageSize, pageSize)
          .then(({ total, rows }) => {
            cache.put(page, rows, total);
            if (current.current === cache) {
              previous.current = { key, cache };
              setTick((t) => t + 1);
            }
          })
          .catch((e: Error) => {
            cache.failed(page);
            if (current.current === cache) setError(e.message);
          });
      }
    },
    [cache, key, pageSize],
  );

  useEffect(() => {
    setError(null);
    if (cache.total === null) ensure(0, pageSize - 1);
  }, [ensure, cache, pageSize]);

  return {
    total: cache.total ?? stale?.total ?? null,
    error,
    rowAt: (i) => cache.rowAt(i) ?? stale?.rowAt(i),
    ensure,
  };
}
