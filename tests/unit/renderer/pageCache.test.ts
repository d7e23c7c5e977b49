import { describe, expect, it } from "vitest";
import { PageCache } from "../../../src/renderer/src/inspector/pageCache";

describe("PageCache", () => {
  it("asks only for pages a range needs that are neither present nor loading", () => {
    const c = new PageCache<number>(10, 3);
    expect(c.missing(0, 25)).toEqual([0, 1, 2]);
    c.markLoading(0);
    c.markLoading(1);
    expect(c.missing(0, 25)).toEqual([2]);
    c.put(0, Array.from({ length: 10 }, (_, i) => i), 23);
    expect(c.total).toBe(23);
    expect(c.rowAt(7)).toBe(7);
    expect(c.rowAt(12)).toBeUndefined();
    // The total bounds the range: page 3 (rows 30..) does not exist.
    expect(c.missing(0, 100)).toEqual([2]);
  });

  it("retries a failed page and keeps at most maxPages, dropping the least recently used", () => {
    const c = new PageCache<string>(2, 2);
    c.markLoading(5);
    c.failed(5);
    expect(c.missing(10, 11)).toEqual([5]);
    c.put(0, ["a", "b"], 100);
    c.put(1, ["c", "d"], 100);
    c.missing(0, 1); // touch page 0
    c.put(2, ["e", "f"], 100);
    expect(c.pageCount).toBe(2);
    expect(c.rowAt(0)).toBe("a");
    expect(c.rowAt(2)).toBeUndefined();
    expect(c.rowAt(5)).toBe("f");
  });

  it("asks for nothing past an empty result", () => {
    const c = new PageCache<string>(10);
    c.put(0, [], 0);
    expect(c.missing(0, 30)).toEqual([]);
  });
});
