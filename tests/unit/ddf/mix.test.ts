import { describe, expect, it } from "vitest";
import { largestTotal, mixBranches, splitByWeight, type MixBranch, type MixEntry } from "../../../src/shared/ddf/mix";
import { normalisedTextHash } from "../../../src/shared/ddf/textHash";
import { createRng, seededShuffle } from "../../../src/shared/random";
import type { Conversation } from "../../../src/shared/values";

function chat(question: string, answer: string, image?: string): Conversation {
  return {
    kind: "conversation",
    messages: [
      { role: "user", content: question, ...(image ? { images: [{ kind: "image" as const, source: image }] } : {}) },
      { role: "assistant", content: answer },
    ],
  };
}

function entries(n: number, make: (i: number) => unknown): MixEntry[] {
  return Array.from({ length: n }, (_, i) => ({ itemId: `item-${i}`, index: i, value: make(i) }));
}

const cot = (n: number): MixBranch => ({ name: "branch_1", weight: 1, entries: entries(n, (i) => chat(`question ${i}`, `step by step ${i}`)) });
const selfEval = (n: number, weight = 1): MixBranch => ({
  name: "branch_2",
  weight,
  entries: entries(n, (i) => ({
    kind: "conversation",
    messages: [
      { role: "user", content: `question ${i}` },
      { role: "assistant", content: `step by step ${i}` },
      { role: "user", content: "Check your answer." },
      { role: "assistant", content: "It is correct." },
    ],
  })),
});

describe("prng", () => {
  it("a seeded shuffle is a permutation, the same for the same seed", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const s1 = seededShuffle(items, createRng(7));
    expect(s1).toEqual(seededShuffle(items, createRng(7)));
    expect(seededShuffle(items, createRng(8))).not.toEqual(s1);
    expect(s1).not.toEqual(items);
    expect([...s1].sort((x, y) => x - y)).toEqual(items);
  });
  it("normalised text hash ignores case and white space", () => {
    expect(normalisedTextHash("  How many  Circles?\n")).toBe(normalisedTextHash("how many circles?"));
    expect(normalisedTextHash("how many circles?")).not.toBe(normalisedTextHash("how many squares?"));
  });
});

describe("splitByWeight / largestTotal", () => {
  it("splits by largest remainder", () => {
    expect(splitByWeight(10, [1, 1])).toEqual([5, 5]);
    expect(splitByWeight(10, [2, 1])).toEqual([7, 3]);
    expect(splitByWeight(7, [1, 1, 1])).toEqual([3, 2, 2]);
    expect(splitByWeight(5, [1, 0])).toEqual([5, 0]);
  });
  it("finds the largest total that fits each branch", () => {
    expect(largestTotal([10, 10], [1, 1])).toBe(20);
    expect(largestTotal([10, 4], [1, 1])).toBe(8);
    expect(largestTotal([3, 3], [1, 2])).toBe(4);
    expect(largestTotal([0, 5], [1, 1])).toBe(0);
    expect(largestTotal([0, 5], [0, 1])).toBe(5);
  });
});

describe("mixBranches", () => {
  it("takes the ratio of a numeric total", () => {
    const r = mixBranches([cot(20), selfEval(20, 3)], { total: 12, dedupe: "none", seed: 1 });
    expect(r.samples).toHaveLength(12);
    expect(r.samples.filter((s) => s.branch === "branch_1")).toHaveLength(3);
    expect(r.samples.filter((s) => s.branch === "branch_2")).toHaveLength(9);
    expect(r.counts.branch_2).toEqual({ available: 20, duplicates: 0, rejected: 0, wanted: 9, taken: 9 });
    expect(r.warnings).toEqual([]);
  });

  it('"all" keeps the ratio with as many samples as possible', () => {
    const r = mixBranches([cot(10), selfEval(4)], { total: "all", dedupe: "none", seed: 1 });
    expect(r.samples).toHaveLength(8);
    expect(r.counts.branch_1.taken).toBe(4);
    expect(r.counts.branch_2.taken).toBe(4);
  });

  it("warns when a branch cannot fill its share", () => {
    const r = mixBranches([cot(2), selfEval(10)], { total: 10, dedupe: "none", seed: 1 });
    expect(r.samples).toHaveLength(7);
    expect(r.warnings).toEqual(["branch_1: the ratio asks for 5 samples, only 2 available"]);
  });

  it("dedupes by the normalised prompt across branches, keeping different images apart", () => {
    const a: MixBranch = {
      name: "branch_1",
      weight: 1,
      entries: [
        { itemId: "1", index: 0, value: chat("How many circles?", "4", "images/a.png") },
        { itemId: "2", index: 1, value: chat("how many  CIRCLES? ", "4", "images/a.png") },
        { itemId: "3", index: 2, value: chat("How many circles?", "5", "images/b.png") },
      ],
    };
    const b: MixBranch = { name: "branch_2", weight: 1, entries: [{ itemId: "1", index: 0, value: chat("How many circles?", "other", "images/a.png") }] };
    const r = mixBranches([a, b], { total: "all", dedupe: "prompt", seed: 3 });
    expect(r.counts.branch_1).toMatchObject({ available: 2, duplicates: 1 });
    expect(r.counts.branch_2).toMatchObject({ available: 0, duplicates: 1 });
    expect(r.samples).toHaveLength(0);
    expect(r.warnings[0]).toMatch(/branch_2 has no samples/);
    const onlyA = mixBranches([a], { total: "all", dedupe: "prompt", seed: 3 });
    expect(onlyA.samples.map((s) => s.id).sort()).toEqual(["1:branch_1", "3:branch_1"]);
  });

  it("dedupe full keeps different answers; dedupe field uses a path", () => {
    const rows: MixBranch = {
      name: "branch_1",
      weight: 1,
      entries: [
        { itemId: "1", index: 0, value: { prompt: "Q", response: "A", meta: { source: "x" } } },
        { itemId: "2", index: 1, value: { prompt: "Q", response: "B", meta: { source: "X " } } },
      ],
    };
    expect(mixBranches([rows], { total: "all", dedupe: "full", seed: 1 }).samples).toHaveLength(2);
    expect(mixBranches([rows], { total: "all", dedupe: "prompt", seed: 1 }).samples).toHaveLength(1);
    expect(mixBranches([rows], { total: "all", dedupe: "field", dedupeField: "meta.source", seed: 1 }).samples).toHaveLength(1);
  });

  it("is deterministic for a seed and differs for another seed", () => {
    const ids = (seed: number) => mixBranches([cot(30), selfEval(30)], { total: 20, dedupe: "prompt", seed }).samples.map((s) => s.id);
    expect(ids(5)).toEqual(ids(5));
    expect(ids(5)).not.toEqual(ids(6));
    expect(new Set(ids(5)).size).toBe(20);
  });

  it("does not depend on the order entries arrive in (they are ordered by index)", () => {
    const b = cot(15);
    const reversed: MixBranch = { ...b, entries: [...b.entries].reverse() };
    const opts = { total: 9, dedupe: "none" as const, seed: 11 };
    expect(mixBranches([reversed], opts).samples).toEqual(mixBranches([b], opts).samples);
  });

  it("reports values that are not samples, and expands lists of samples", () => {
    const branch: MixBranch = {
      name: "branch_1",
      weight: 1,
      entries: [
        { itemId: "1", index: 0, value: "just text" },
        { itemId: "2", index: 1, value: { kind: "samples", values: [chat("q", "a1"), chat("q2", "a2")] } },
        { itemId: "3", index: 2, value: { kind: "conversation", messages: [{ role: "user", content: "q" }] } },
      ],
    };
    const r = mixBranches([branch], { total: "all", dedupe: "none", seed: 1 });
    expect(r.samples.map((s) => s.id).sort()).toEqual(["2:branch_1#1", "2:branch_1#2"]);
    expect(r.rejected).toEqual([
      { branch: "branch_1", itemId: "1", error: expect.stringContaining("sample 1:branch_1: a text is not a training sample") },
      { branch: "branch_1", itemId: "3", error: "sample 3:branch_1: needs at least one user message and one assistant reply" },
    ]);
  });
});
