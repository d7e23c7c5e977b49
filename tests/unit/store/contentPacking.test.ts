/**
 * Contents packed against a base (migration 12): packContent/unpackContent give back every text exactly (random
 * texts from a seeded generator, with surrogate pairs, repeats and texts unlike the base), alike texts pack
 * small; and the writer (writeBatch.ts through contentWriter.ts) packs a node's contents against one base, a
 * warm re-run writes no content, and a base removed between batches is written again with the next content;
 * a hex cache key is kept as bytes and read back as text.
 */
import { describe, expect, it } from "vitest";
import { packContent, packingBase, unpackContent } from "../../../src/main/store/contentPacking";
import { databaseOf } from "../../../src/main/store/database";
import { resultParams } from "../../../src/main/store/resultWriter";
import type { ResultRecord } from "../../../src/main/store/types";
import { batchWriter } from "../../../src/main/store/writeBatch";
import { memStore } from "../engine/helpers";
import { createRng } from "../../../src/shared/random";

/** Uniform numbers in [0, 1) from the project's one seeded generator (shared/random.ts). */
function random(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.next();
}

const PIECES = ["You are a careful grader. ", "Question: ", "😀", "é", "\u{1F469}\u200D\u{1F52C}", "\n", '"}', "{\"text\":\"", "漢字", "x", "0123456789", "\u0000"];

function text(next: () => number, pieces: number): string {
  let s = "";
  for (let i = 0; i < pieces; i++) s += next() < 0.3 ? String.fromCharCode(32 + Math.floor(next() * 95)) : PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

describe("packed contents", () => {
  it("unpack gives back every text exactly", () => {
    const next = random(21);
    for (let b = 0; b < 20; b++) {
      const base = packingBase(text(next, Math.floor(next() * 200)));
      for (let t = 0; t < 50; t++) {
        const s = next() < 0.5 ? base.text.slice(Math.floor(next() * 10)) + text(next, Math.floor(next() * 40)) + base.text.slice(0, 30) : text(next, Math.floor(next() * 300));
        expect(unpackContent(packContent(s, base), base.text)).toBe(s);
      }
    }
    // A long base is indexed only at its start; copies from there still run on into the rest.
    const long = packingBase(text(next, 40_000));
    const late = long.text.slice(long.text.length - 5000) + "x" + long.text.slice(100, 90_000);
    expect(long.text.length).toBeGreaterThan(70_000);
    expect(unpackContent(packContent(late, long), long.text)).toBe(late);
    const base = packingBase("");
    for (const s of ["", "short", "😀😀😀😀😀😀😀😀😀😀😀😀", "abcdefgh".repeat(20)]) expect(unpackContent(packContent(s, base), "")).toBe(s);
    // A text that repeats itself copies from itself: the second half costs one op.
    const twice = "The reply of the model, said twice. ".repeat(2);
    expect(Buffer.byteLength(packContent(twice, base))).toBeLessThanOrEqual(Buffer.byteLength(twice) / 2 + 10);
  });

  it("a text like its base packs to its differences", () => {
    const template = (q: string, a: string) => JSON.stringify({ text: a, conversation: { messages: [{ role: "user", content: `You are a careful grader. Read the question below and answer in one short sentence. Question: ${q}` }, { role: "assistant", content: a }] } });
    const base = packingBase(template("How many legs do 3 spiders have?", "Twenty-four legs."));
    const s = template("How many legs do 7 ants have?", "Forty-two legs.");
    const packed = packContent(s, base);
    expect(unpackContent(packed, base.text)).toBe(s);
    expect(Buffer.byteLength(packed)).toBeLessThan(60);
    expect(() => unpackContent("9", base.text)).toThrow(/unknown format "9"/);
    expect(() => unpackContent("1a", base.text)).toThrow(/truncated or not packed/);
  });

  it("the writer packs a node's contents against one base; a warm re-run writes none; a lost base is written again", () => {
    const store = memStore();
    const db = databaseOf(store);
    const write = batchWriter(db);
    const runId = store.runs.create({ doc: { format: "cascade-studio/pipeline", version: 1, name: "p", models: {}, nodes: [], edges: [] }, datasetFingerprint: "" }).id;
    const row = (run: string, i: number): ResultRecord => ({
      runId: run,
      nodeId: "ask",
      itemId: `item-${i}`,
      seq: i,
      status: "done",
      output: { text: `The answer to question ${i} is ${i * 7}, as the working shows.`, note: "every output of this node says this long sentence as well" },
      trace: { inputs: { question: `question ${i}` }, messages: [[{ role: "user", content: `Answer question ${i} with care, please, in one sentence.` }]], calls: [] },
    });
    const outputs = () => db.prepare("SELECT item_id, output FROM results WHERE run_id = ? ORDER BY seq").all(runId) as { item_id: string; output: string }[];
    const counts = () => db.prepare("SELECT (SELECT COUNT(*) FROM contents), (SELECT COUNT(*) FROM contents WHERE base IS NOT NULL), (SELECT COUNT(*) FROM content_bases)").raw().get();
    expect(write(Array.from({ length: 10 }, (_, i) => resultParams(row(runId, i))), [])).toBeUndefined();
    expect(outputs().map((r) => JSON.parse(r.output))).toEqual(Array.from({ length: 10 }, (_, i) => row(runId, i).output));
    const traces = db.prepare("SELECT trace FROM result_traces WHERE run_id = ? ORDER BY item_id").pluck().all(runId) as string[];
    expect(traces.map((t) => JSON.parse(t) as unknown)).toEqual(Array.from({ length: 10 }, (_, i) => row(runId, i).trace));
    // 10 outputs and 10 trace contents, packed against two bases (the node's outputs, its traces).
    expect(counts()).toEqual([20, 20, 2]);
    const warm = store.runs.create({ doc: { format: "cascade-studio/pipeline", version: 1, name: "p", models: {}, nodes: [], edges: [] }, datasetFingerprint: "" }).id;
    expect(write(Array.from({ length: 10 }, (_, i) => resultParams(row(warm, i))), [])).toBeUndefined();
    expect(counts()).toEqual([20, 20, 2]);
    // Two nodes' outputs (two bases) read in one query, alternating, each named twice: every row its own text.
    const other = (i: number): ResultRecord => ({ ...row(runId, i), nodeId: "other", output: { text: `Another node's reply ${i}, which is not like the first node's at all.` }, trace: undefined });
    expect(write(Array.from({ length: 10 }, (_, i) => resultParams(other(i))), [])).toBeUndefined();
    const both = db.prepare("SELECT node_id, output, output IS NULL, output ->> '$.text' FROM results WHERE run_id = ? ORDER BY item_id, node_id").raw().all(runId) as [string, string, number, string][];
    expect(both.map(([n, o, isNull, t]) => [n, JSON.parse(o) as unknown, isNull, t])).toEqual(
      Array.from({ length: 10 }, (_, i) => [row(runId, i), other(i)].map((r) => [r.nodeId, r.output, 0, (r.output as { text: string }).text])).flat(),
    );
    // A text over a million units is stored plain.
    const huge: ResultRecord = { ...other(20), itemId: "huge", output: { text: "y".repeat(1_000_001) }, trace: undefined };
    expect(write([resultParams(huge)], [])).toBeUndefined();
    expect(db.prepare("SELECT base IS NULL, length(body) FROM contents WHERE hash = (SELECT output_hash FROM result_rows WHERE item_id = 'huge')").raw().get()).toEqual([1, 1_000_012]);
    expect(JSON.parse(db.prepare("SELECT output FROM results WHERE item_id = 'huge'").pluck().get() as string)).toEqual(huge.output);
    const lastBase = db.prepare("SELECT MAX(id) FROM content_bases").pluck().get() as number;
    // As if gc had run between two batches and taken the bases with every content packed against them.
    db.exec("DELETE FROM result_rows; DELETE FROM trace_rows; DELETE FROM contents; DELETE FROM content_bases");
    expect(write([resultParams(row(runId, 11))], [])).toBeUndefined();
    expect(counts()).toEqual([2, 2, 2]);
    expect(JSON.parse(outputs()[0].output)).toEqual(row(runId, 11).output);
    // A base written again gets a new id (never one used before: a connection keeps bases by id).
    expect(db.prepare("SELECT MIN(id) FROM content_bases").pluck().get()).toBeGreaterThan(lastBase);
    store.close();
  });

  it("a hex cache key is stored as its 32 bytes and reads back as the same text; any other key as it is", () => {
    const store = memStore();
    const db = databaseOf(store);
    const runId = store.runs.create({ doc: { format: "cascade-studio/pipeline", version: 1, name: "p", models: {}, nodes: [], edges: [] }, datasetFingerprint: "" }).id;
    const hex = "0123456789abcdef".repeat(4);
    const keys = [hex, hex.toUpperCase(), "k1", null];
    expect(batchWriter(db)(keys.map((cacheKey, i) => resultParams({ runId, nodeId: "n", itemId: `i${i}`, seq: i, status: "done", output: { n: 1 }, ...(cacheKey ? { cacheKey } : {}) })), [])).toBeUndefined();
    expect(db.prepare("SELECT typeof(cache_key) FROM result_rows ORDER BY seq").pluck().all()).toEqual(["blob", "text", "text", "null"]);
    expect(db.prepare("SELECT cache_key FROM results ORDER BY seq").pluck().all()).toEqual(keys);
    store.close();
  });
});
