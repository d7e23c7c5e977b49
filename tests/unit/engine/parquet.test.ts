import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parquetMetadata } from "hyparquet";
import { afterAll, describe, expect, it } from "vitest";
import { hubParquetBytes, writeHubParquet, type HubCodec } from "../../../scripts/sample-data/hubParquet";
import { MATHVISTA_COLUMNS, mathvistaRows } from "../../../scripts/sample-data/mathvistaStyle";
import { previewDataset } from "../../../src/main/engine/datasets/preview";
import { datasetExecutor } from "../../../src/main/engine/nodes/dataset";
import type { SourceRow } from "../../../src/main/engine/nodes/types";
import type { DatasetConfig } from "../../../src/shared/nodes/kinds/dataset";
import type { Value } from "../../../src/shared/values";
import { node } from "./helpers";

const DATA = resolve(__dirname, "../../../templates/data");
const dir = mkdtempSync(join(tmpdir(), "cascade-parquet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

async function read(config: DatasetConfig, baseDir = dir): Promise<{ rows: SourceRow[]; fingerprint: string; estimate: number | null }> {
  const handle = datasetExecutor.open(config, { baseDir, node: node("data", "dataset", config as never), signal: new AbortController().signal });
  const info = await handle.inspect();
  const rows: SourceRow[] = [];
  for await (const r of handle.rows()) rows.push(r);
  return { rows, ...info };
}

/** The Cas-SEAT template's columns; for the Parquet file mapped from MathVista's names. */
const jsonlColumns: DatasetConfig["columns"] = [
  { name: "id", type: "text" },
  { name: "question", type: "text" },
  { name: "image", type: "image" },
  { name: "choices", type: "json" },
  { name: "answer", type: "text" },
  { name: "answer_type", type: "text" },
];
const mappedColumns: DatasetConfig["columns"] = jsonlColumns.map((c) => (c.name === "id" ? { ...c, field: "pid" } : c.name === "image" ? { ...c, field: "decoded_image" } : c));

function imageBytes(v: Value | undefined, baseDir: string): Buffer {
  const source = (v as { source: string }).source;
  const m = /^data:image\/png;base64,(.*)$/s.exec(source);
  return m ? Buffer.from(m[1], "base64") : readFileSync(join(baseDir, source));
}

describe("Parquet datasets in the hub's layout", () => {
  const rows = mathvistaRows(DATA);

  it.each<HubCodec>(["SNAPPY", "ZSTD", "GZIP"])("%s, several row groups: the same items as the JSONL, images as the same bytes", async (codec) => {
    const path = join(dir, `mv-${codec}.parquet`);
    await writeHubParquet(path, MATHVISTA_COLUMNS, rows, { codec, rowGroupSize: 5 });
    const meta = parquetMetadata(readFileSync(path).buffer as ArrayBuffer);
    expect(meta.row_groups.length).toBe(4);
    expect(meta.row_groups[0].columns[0].meta_data?.codec).toBe(codec);

    const fromParquet = await read({ source: { type: "file", path }, columns: mappedColumns, idColumn: "id" });
    const fromJsonl = await read({ source: { type: "file", path: "visual-math.jsonl" }, columns: jsonlColumns, idColumn: "id" }, DATA);
    expect(fromParquet.estimate).toBe(18);
    expect(fromParquet.rows.map((r) => r.error)).toEqual(fromJsonl.rows.map(() => undefined));
    expect(fromParquet.rows.map((r) => r.itemId)).toEqual(fromJsonl.rows.map((r) => r.itemId));
    for (let i = 0; i < rows.length; i++) {
      const { image: a, ...restA } = fromParquet.rows[i].values!;
      const { image: b, ...restB } = fromJsonl.rows[i].values!;
      expect(restA).toEqual(restB);
      expect(imageBytes(a, dir).equals(imageBytes(b, DATA))).toBe(true);
    }
  });

  it("keeps numbers as numbers, 64-bit integers exact or as text, lists as lists, a path-only image as its path", async () => {
    const path = join(dir, "kinds.parquet");
    await writeHubParquet(
      path,
      [
        { name: "n", kind: "int64" },
        { name: "big", kind: "int64" },
        { name: "x", kind: "double" },
        { name: "tags", kind: "list<string>" },
        { name: "img", kind: "image" },
      ],
      [
        { n: 3, big: 2n ** 62n, x: 0.25, tags: ["a", "b"], img: { bytes: null, path: "images/count-01.png" } },
        { n: null, big: 1n, x: null, tags: null, img: null },
      ],
    );
    const preview = await previewDataset({ type: "file", path }, dir, 10);
    expect(preview.format).toBe("parquet");
    expect(preview.total).toBe(2);
    expect(preview.rows).toEqual([
      { n: 3, big: "4611686018427387904", x: 0.25, tags: ["a", "b"], img: "images/count-01.png" },
      { n: null, big: 1, x: null, tags: null, img: null },
    ]);
    const types = Object.fromEntries(preview.fields.map((f) => [f.field, f.type]));
    expect(types).toMatchObject({ n: "number", x: "number", img: "image" });
  });

  it("a broken row group fails only its own rows, each named; the other groups are read", async () => {
    const bytes = await hubParquetBytes(MATHVISTA_COLUMNS, rows, { rowGroupSize: 5 });
    const meta = parquetMetadata(bytes.buffer as ArrayBuffer);
    // Overwrite the first page header of group 2's first column: that group cannot be decoded.
    const at = Number(meta.row_groups[1].columns[0].meta_data!.data_page_offset);
    const broken = Buffer.from(bytes);
    broken.fill(0xff, at, at + 24);
    const path = join(dir, "broken.parquet");
    writeFileSync(path, broken);
    const { rows: items } = await read({ source: { type: "file", path }, columns: mappedColumns, idColumn: "id" });
    expect(items).toHaveLength(18);
    const failed = items.filter((r) => r.error);
    expect(failed.map((r) => r.itemId)).toEqual(["broken.parquet:row 6", "broken.parquet:row 7", "broken.parquet:row 8", "broken.parquet:row 9", "broken.parquet:row 10"]);
    expect(failed[0].error).toMatch(/^broken\.parquet:row 6: row group 2 of 4 \(rows 6–10\) could not be read: /);
    expect(items.filter((r) => !r.error).map((r) => r.itemId)).toEqual(rows.filter((_, i) => i < 5 || i >= 10).map((r) => r.pid));
  });

  it("a file that is not Parquet fails naming the file", async () => {
    const path = join(dir, "not.parquet");
    writeFileSync(path, "id,question\n1,hello\n");
    await expect(read({ source: { type: "file", path }, columns: mappedColumns })).rejects.toThrow(/not\.parquet: not a readable Parquet file/);
  });
});
