/**
 * Dataset fingerprint (sha256 of the raw bytes) and a row estimate, in one streaming pass: lines for JSONL and
 * CSV, the array's elements for JSON (counted without keeping them; a file that is not an array throws here),
 * the footer's row count for Parquet.
 */
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { fileChunks } from "./fileChunks";
import { JsonArraySplitter } from "./jsonSplitter";
import { parquetFooter } from "./parquet";
import type { DatasetFormat } from "./readers";

export async function inspectFile(path: string, format: DatasetFormat): Promise<{ fingerprint: string; estimate: number | null }> {
  const hash = createHash("sha256");
  if (format === "parquet") {
    const { metadata } = await parquetFooter(path);
    for await (const chunk of fileChunks(path)) hash.update(chunk);
    return { fingerprint: hash.digest("hex"), estimate: Number(metadata.num_rows) };
  }
  let lines = 0;
  let lineHasContent = false;
  const json = format === "json" ? { decoder: new StringDecoder("utf8"), splitter: new JsonArraySplitter(basename(path), { keepText: false }) } : null;
  for await (const chunk of fileChunks(path)) {
    hash.update(chunk);
    if (json) {
      json.splitter.push(json.decoder.write(chunk));
      continue;
    }
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 10) {
        if (lineHasContent) lines++;
        lineHasContent = false;
      } else if (b !== 13 && b !== 32 && b !== 9) lineHasContent = true;
    }
  }
  if (json) {
    json.splitter.push(json.decoder.end());
    json.splitter.end();
    return { fingerprint: hash.digest("hex"), estimate: json.splitter.count };
  }
  if (lineHasContent) lines++;
  const estimate = format === "csv" ? Math.max(0, lines - 1) : lines;
  return { fingerprint: hash.digest("hex"), estimate };
}
