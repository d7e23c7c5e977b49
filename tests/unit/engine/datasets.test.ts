import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { datasetExecutor } from "../../../src/main/engine/nodes/dataset";
import { guessFormat } from "../../../src/main/engine/datasets/readers";
import type { SourceRow } from "../../../src/main/engine/nodes/types";
import type { DatasetConfig } from "../../../src/shared/nodes/kinds/dataset";
import { node } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "cascade-data-"));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

async function read(config: DatasetConfig): Promise<{ rows: SourceRow[]; fingerprint: string; estimate: number | null }> {
  const handle = datasetExecutor.open(config, { baseDir: dir, node: node("data", "dataset", config as never), signal: new AbortController().signal });
  const info = await handle.inspect();
  const rows: SourceRow[] = [];
  for await (const r of handle.rows()) rows.push(r);
  return { rows, ...info };
}

const columns: DatasetConfig["columns"] = [
  { name: "question", type: "text" },
  { name: "n", type: "number" },
  { name: "image", type: "image" },
];

describe("dataset readers", () => {
  it("JSONL: streams rows; a bad line and a missing column fail their own item naming file:line", async () => {
    writeFileSync(
      join(dir, "a.jsonl"),
      ['{"question":"one","n":1,"image":"x.png"}', "", "{not json", '{"question":"three","image":"y.png"}', '{"question":"four","n":"4","image":"z.png"}', "[1,2]"].join("\n"),
    );
    const { rows, fingerprint, estimate } = await read({ source: { type: "file", path: "a.jsonl" }, columns });
    expect(estimate).toBe(5);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.map((r) => r.itemId)).toEqual(["1", "2", "3", "4", "5"]);
    expect(rows[0].values).toEqual({ question: "one", n: 1, image: { kind: "image", source: "x.png" } });
    expect(rows[1].error).toMatch(/^a\.jsonl:3: not valid JSON/);
    expect(rows[2].error).toBe('a.jsonl:4: missing column "n"');
    expect(rows[3].values?.n).toBe(4);
    expect(rows[4].error).toMatch(/^a\.jsonl:6: expected a JSON object/);
    expect(rows.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4]);
  });

  it("CSV: header row, quoted fields, field names, typed columns, duplicate ids", async () => {
    writeFileSync(join(dir, "b.csv"), 'id,Question Text,n,image\nk1,"hello, world",2.5,a.png\nk2,"multi\nline",x,b.png\nk1,dup,3,c.png\nk3,short\n');
    const cols: DatasetConfig["columns"] = [
      { name: "question", type: "text", field: "Question Text" },
      { name: "n", type: "number" },
    ];
    const { rows, estimate } = await read({ source: { type: "file", path: "b.csv" }, columns: cols, idColumn: "id" });
    expect(estimate).toBe(5); // a cheap line count: the quoted line break counts
    expect(rows[0]).toMatchObject({ itemId: "k1", values: { question: "hello, world", n: 2.5 } });
    expect(rows[1].error).toMatch(/column "n": not a number: "x"/);
    expect(rows[2].error).toMatch(/duplicate item id "k1"/);
    expect(rows[3].error).toMatch(/missing column "n"/);
  });

  it("JSON array and inline rows", async () => {
    writeFileSync(join(dir, "c.json"), JSON.stringify([{ question: "a", n: 1, image: "p.png" }, 5]));
    const json = await read({ source: { type: "file", path: "c.json" }, columns });
    expect(json.estimate).toBe(2);
    expect(json.rows[0].values?.question).toBe("a");
    expect(json.rows[1].error).toBe("c.json[1] (line 1): expected a row object, got 5");
    const inline = await read({ source: { type: "inline", rows: [{ question: "q", n: 2, image: "i.png" }] }, columns });
    expect(inline.rows).toEqual([{ itemId: "1", seq: 0, values: { question: "q", n: 2, image: { kind: "image", source: "i.png" } } }]);
    const same = await read({ source: { type: "inline", rows: [{ question: "q", n: 2, image: "i.png" }] }, columns });
    expect(same.fingerprint).toBe(inline.fingerprint);
  });

  it("a missing file and an unknown extension are clear errors", async () => {
    await expect(read({ source: { type: "file", path: "nope.jsonl" }, columns })).rejects.toThrow(/dataset file not found: .*nope\.jsonl/);
    expect(() => guessFormat("data.txt")).toThrow(/set source.format/);
    expect(guessFormat("data.txt", "csv")).toBe("csv");
  });
});
