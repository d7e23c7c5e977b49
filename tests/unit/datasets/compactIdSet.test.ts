import { describe, expect, it } from "vitest";
import { CompactIdSet } from "../../../src/main/engine/datasets/compactIdSet";
import { createRng } from "../../../src/shared/random";

describe("CompactIdSet", () => {
  it("says whether an id is new, exactly as a Set<string> does, over 200,000 adds with many repeats and growth", () => {
    const rng = createRng(7);
    const alphabet = ["a", "b", "Z", "0", "9", "-", "é", "ß", "中", "😀", " ", "\u0000"];
    const ours = new CompactIdSet();
    const reference = new Set<string>();
    for (let i = 0; i < 200_000; i++) {
      // short ids from a small alphabet repeat often; some are long (growth of the arena past its first size)
      const length = rng.next() < 0.001 ? 5_000 + Math.floor(rng.next() * 70_000) : 1 + Math.floor(rng.next() * 4);
      let id = "";
      for (let k = 0; k < length; k++) id += alphabet[Math.floor(rng.next() * alphabet.length)];
      const isNew = !reference.has(id);
      reference.add(id);
      expect(ours.add(id)).toBe(isNew);
    }
    expect(ours.size).toBe(reference.size);
    for (const id of reference) expect(ours.add(id)).toBe(false);
  });

  it("tells apart ids that differ only in a character outside ASCII, and the empty id", () => {
    const s = new CompactIdSet();
    expect(s.add("")).toBe(true);
    expect(s.add("")).toBe(false);
    expect(s.add("caf\u00e9")).toBe(true);
    expect(s.add("cafe\u0301")).toBe(true); // the same text to a reader, other code points: another id
    expect(s.add("caf\u00e9")).toBe(false);
    expect(s.add("😀")).toBe(true);
    expect(s.add("😁")).toBe(true);
    expect(s.size).toBe(5);
  });

  it("keeps 1,000,000 ids like item-N, every one found again", () => {
    const s = new CompactIdSet();
    for (let i = 0; i < 1_000_000; i++) s.add(`item-${i}`);
    expect(s.size).toBe(1_000_000);
    let found = 0;
    for (let i = 0; i < 1_000_000; i += 997) found += s.add(`item-${i}`) ? 0 : 1;
    expect(found).toBe(Math.ceil(1_000_000 / 997));
    expect(s.add("item-1000000")).toBe(true);
    // 12 chunks of 1 MiB (a length byte and 11 bytes per id at most) and a table of 2^21 32-bit slots
    expect(s.bytes).toBeLessThanOrEqual(13 * 2 ** 20 + 2 ** 23 + 2 ** 10);
  });

  it("keeps ids longer than a quarter chunk apart from the arena, still exact, beside short ones", () => {
    const s = new CompactIdSet();
    const long = "x".repeat(300_000);
    const wide = "é".repeat(150_000); // 300,000 bytes of UTF-8 from 150,000 characters
    expect(s.add(long)).toBe(true);
    expect(s.add(wide)).toBe(true);
    expect(s.add(`${long}y`)).toBe(true);
    expect(s.add("x".repeat(262_000))).toBe(true); // below the limit: in the arena
    expect(s.add(long)).toBe(false);
    expect(s.add("é".repeat(150_000))).toBe(false);
    expect(s.add("x".repeat(262_000))).toBe(false);
    expect(s.add("x")).toBe(true);
    expect(s.size).toBe(5);
  });
});
