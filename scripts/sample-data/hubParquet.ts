/**
 * Writes rows as a Parquet file in the Hugging Face hub's layout (what `datasets` writes through pyarrow): text as
 * UTF-8 strings, an Image feature as a struct `{bytes, path}`, a list of texts as a 3-level LIST, numbers as
 * doubles or 64-bit integers, each nullable. For tests, the bench and the MathVista-style template's data; the
 * codecs are those the hub uses (snappy by default, zstd, gzip).
 */
import { writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { compress as zstdCompress, init as zstdInit } from "@bokuweb/zstd-wasm";
import { parquetWriteBuffer } from "hyparquet-writer";

export type HubColumnKind = "string" | "double" | "int64" | "image" | "list<string>";
export interface HubColumn {
  name: string;
  kind: HubColumnKind;
}
export type HubCodec = "SNAPPY" | "ZSTD" | "GZIP" | "UNCOMPRESSED";

export interface HubParquetOptions {
  codec?: HubCodec;
  /** Rows per row group (default 1,000). */
  rowGroupSize?: number;
}

type SchemaElement = Record<string, unknown>;

function schemaOf(col: HubColumn): SchemaElement[] {
  switch (col.kind) {
    case "string":
      return [{ name: col.name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" }];
    case "double":
      return [{ name: col.name, type: "DOUBLE", repetition_type: "OPTIONAL" }];
    case "int64":
      return [{ name: col.name, type: "INT64", repetition_type: "OPTIONAL" }];
    case "image":
      return [
        { name: col.name, repetition_type: "OPTIONAL", num_children: 2 },
        { name: "bytes", type: "BYTE_ARRAY", repetition_type: "OPTIONAL" },
        { name: "path", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
      ];
    case "list<string>":
      return [
        { name: col.name, repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        { name: "element", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
      ];
  }
}

let zstdReady: Promise<void> | undefined;

/** The Parquet bytes of `rows`, whose values are: text, number, bigint, `{bytes: Uint8Array, path}`, text lists or null. */
export async function hubParquetBytes(columns: HubColumn[], rows: Record<string, unknown>[], options: HubParquetOptions = {}): Promise<Uint8Array> {
  const codec = options.codec ?? "SNAPPY";
  if (codec === "ZSTD") await (zstdReady ??= zstdInit());
  const buffer = parquetWriteBuffer({
    codec,
    compressors: { ZSTD: (b: Uint8Array) => zstdCompress(b, 3), GZIP: (b: Uint8Array) => new Uint8Array(gzipSync(b)) },
    rowGroupSize: options.rowGroupSize ?? 1000,
    schema: [{ name: "schema", num_children: columns.length }, ...columns.flatMap(schemaOf)] as never,
    columnData: columns.map((c) => ({
      name: c.name,
      data: rows.map((r) => {
        const v = r[c.name];
        return v === undefined ? null : c.kind === "int64" && typeof v === "number" ? BigInt(v) : v;
      }),
    })) as never,
  });
  return new Uint8Array(buffer);
}

export async function writeHubParquet(path: string, columns: HubColumn[], rows: Record<string, unknown>[], options?: HubParquetOptions): Promise<void> {
  writeFileSync(path, await hubParquetBytes(columns, rows, options));
}
