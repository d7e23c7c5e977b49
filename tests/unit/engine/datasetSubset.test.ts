import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { datasetExecutor } from "../../../src/main/engine/nodes/dataset";
import type { SourceRow } from "../../../src/main/engine/nodes/types";
import { DatasetConfigSchema, type DatasetConfig } from "../../../src/shared/nodes/kinds/dataset";
import { node } from "./helpers";

const TEMPLATES = resolve(__dirname, "../../../templates");
const dir = mkdtempSync(join(tmpdir(), "cascade-subset-"));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

async function read(config: DatasetConfig, baseDir = dir) {
  const parsed = DatasetConfigSchema.parse(config);
  const handle = datasetExecutor.open(parsed, { baseDir, node: node("data", "dataset", parsed as never), signal: new AbortController().signal });
  const { estimate } = await handle.inspect();
  const rows: SourceRow[] = [];
  for await (const r of handle.rows()) rows.push(r);
  return { rows, estimate };
}

const columns: DatasetConfig["columns"] = [
  { name: "id", type: "text", field: "pid" },
  { name: "question", type: "text" },
];
const parquet = { type: "file" as const, path: "data/mathvista-style.parquet" };
const jsonlLines = readFileSync(join(TEMPLATES, "data/visual-math.jsonl"), "utf8").trim().split("\n");

describe("dataset subsets", () => {
  it("where: the rows whose fields equal the values, keeping their ids; CSV text equals numbers", async () => {
    const { rows, estimate } = await read({ source: parquet, columns, idColumn: "id", subset: { where: { question_type: "multi_choice" } } }, TEMPLATES);
    expect(estimate).toBeNull();
    const expected = jsonlLines.map((l) => JSON.parse(l)).filter((r) => r.choices.length > 0).map((r) => r.id);
    expect(rows.map((r) => r.itemId)).toEqual(expected);
    expect(rows.map((r) => r.seq)).toEqual(expected.map((_, i) => i));

    writeFileSync(join(dir, "a.csv"), "question,level\nq1,1\nq2,2\nq3,1\n");
    const csv = await read({ source: { type: "file", path: "a.csv" }, columns: [{ name: "question", type: "text" }], subset: { where: { level: 1 } } });
    // Without an id column an item is its row number in the file, not among the kept rows.
    expect(csv.rows.map((r) => [r.itemId, r.values?.question])).toEqual([["1", "q1"], ["3", "q3"]]);
  });

  it("sample: n items by seed, the same whatever the file's order, listed in file order", async () => {
    writeFileSync(join(dir, "fwd.jsonl"), jsonlLines.join("\n"));
    writeFileSync(join(dir, "rev.jsonl"), [...jsonlLines].reverse().join("\n"));
    const cfg = (path: string, seed: number): DatasetConfig => ({ source: { type: "file", path }, columns: [{ name: "id", type: "text" }], idColumn: "id", subset: { sample: { n: 5, seed } } });
    const a = await read(cfg("fwd.jsonl", 1));
    const b = await read(cfg("rev.jsonl", 1));
    expect(a.estimate).toBe(5);
    expect(a.rows).toHaveLength(5);
    expect([...b.rows.map((r) => r.itemId)].reverse()).toEqual(a.rows.map((r) => r.itemId));
    const order = jsonlLines.map((l) => JSON.parse(l).id as string);
    const positions = a.rows.map((r) => order.indexOf(r.itemId));
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    const seeds = await Promise.all([2, 3, 4].map(async (s) => (await read(cfg("fwd.jsonl", s))).rows.map((r) => r.itemId).join()));
    expect(new Set([a.rows.map((r) => r.itemId).join(), ...seeds]).size).toBeGreaterThan(1);
    // A sample larger than the data is all of it.
    expect((await read({ ...cfg("fwd.jsonl", 1), subset: { sample: { n: 100, seed: 1 } } })).rows).toHaveLength(18);
  });

  it("where and sample together, on inline rows", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ id: `r${i}`, kind: i % 2 === 0 ? "even" : "odd" }));
    const { rows: got } = await read({ source: { type: "inline", rows }, columns: [{ name: "id", type: "text" }, { name: "kind", type: "text" }], idColumn: "id", subset: { where: { kind: "even" }, sample: { n: 6, seed: 7 } } });
    expect(got).toHaveLength(6);
    expect(got.every((r) => r.values?.kind === "even")).toBe(true);
  });

  it("the schema refuses a sample of 0 and unknown subset fields", () => {
    expect(DatasetConfigSchema.safeParse({ source: parquet, columns, subset: { sample: { n: 0 } } }).success).toBe(false);
    expect(DatasetConfigSchema.safeParse({ source: parquet, columns, subset: { first: 3 } }).success).toBe(false);
  });
});
