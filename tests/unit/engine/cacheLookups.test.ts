import { describe, expect, it } from "vitest";
import { CacheLookups } from "../../../src/main/engine/cacheLookups";
import type { SharedCallCache } from "../../../src/main/store/shared/sharedCallCache";
import type { CacheRecord } from "../../../src/main/store/types";

/** A shared cache in memory; "down" makes every read fail. */
function fakeShared(rows: Record<string, string>) {
  const queries: string[][] = [];
  const state = { down: false };
  const shared: Pick<SharedCallCache, "where" | "getMany"> & { queries: string[][]; state: typeof state } = {
    where: "postgres://lab/cache",
    queries,
    state,
    async getMany(keys) {
      queries.push([...keys]);
      if (state.down) throw new Error("the shared cache postgres://lab/cache could not be read: connection refused");
      return new Map(keys.filter((k) => k in rows).map((k) => [k, { key: k, reply: rows[k], createdAt: 2 }]));
    },
  };
  return shared;
}

function fakeCache(rows: Record<string, string>) {
  const queries: string[][] = [];
  const puts: CacheRecord[] = [];
  return {
    queries,
    puts,
    async put(r: CacheRecord) {
      puts.push(r);
      rows[r.key] = r.reply;
    },
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

  it("asks the shared cache, in one query, only for the keys the local cache misses, and writes what it has locally first", async () => {
    const local = fakeCache({ a: "A" });
    const shared = fakeShared({ b: "B from the lab", a: "not asked" });
    const lookups = new CacheLookups(local, shared);
    const answers = await Promise.all(["a", "b", "c", "b"].map((k) => lookups.get(k)));
    expect(answers.map((r) => r?.reply)).toEqual(["A", "B from the lab", undefined, "B from the lab"]);
    expect(shared.queries).toEqual([["b", "c"]]);
    expect(local.puts.map((r) => r.key)).toEqual(["b"]);
    // Now local: the shared cache is not asked again.
    expect((await lookups.get("b"))?.reply).toBe("B from the lab");
    expect(shared.queries).toHaveLength(1);
  });

  it("a shared cache that fails rejects the lookups it had to answer, naming it; local hits still resolve", async () => {
    const local = fakeCache({ a: "A" });
    const shared = fakeShared({ b: "B" });
    shared.state.down = true;
    const lookups = new CacheLookups(local, shared);
    const settled = await Promise.allSettled([lookups.get("a"), lookups.get("b")]);
    expect(settled[0]).toEqual({ status: "fulfilled", value: expect.objectContaining({ reply: "A" }) });
    expect(settled[1].status).toBe("rejected");
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe("the shared cache postgres://lab/cache could not be read: connection refused");
    shared.state.down = false;
    expect((await lookups.get("b"))?.reply).toBe("B");
  });
});
