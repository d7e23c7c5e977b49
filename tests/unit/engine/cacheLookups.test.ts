import { describe, expect, it } from "vitest";
import { CacheLookups } from "../../../src/main/engine/cacheLookups";
import type { CacheRecord } from "../../../src/main/store/types";

function fakeCache(rows: Record<string, string>) {
  const queries: string[][] = [];
  return {
    queries,
    getMany(keys: Iterable<string>): Map<string, CacheRecord> {
      const list = [...keys];
      queries.push(list);
      if (list.includes("explode")) throw new Error("database is locked");
      return new Map(list.filter((k) => k in rows).map((k) => [k, { key: k, reply: rows[k], createdAt: 1 }]));
    },
  };
}

describe("CacheLookups", () => {
  it("answers the lookups made in one turn of the event loop with one query, each key once", async () => {
    const cache = fakeCache({ a: "A", b: "B" });
    const lookups = new CacheLookups(cache);
    const answers = await Promise.all(["a", "b", "a", "missing"].map((k) => lookups.get(k)));
    expect(answers.map((r) => r?.reply)).toEqual(["A", "B", "A", undefined]);
    expect(cache.queries).toEqual([["a", "b", "missing"]]);
    expect((await lookups.get("b"))?.reply).toBe("B");
    expect(cache.queries).toHaveLength(2);
  });

  it("a failing query rejects every lookup of its turn, and the next turn queries again", async () => {
    const cache = fakeCache({ a: "A" });
    const lookups = new CacheLookups(cache);
    const settled = await Promise.allSettled([lookups.get("a"), lookups.get("explode")]);
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected"]);
    expect((settled[0] as PromiseRejectedResult).reason.message).toBe("database is locked");
    expect((await lookups.get("a"))?.reply).toBe("A");
  });
});
