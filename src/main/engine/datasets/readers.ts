/** The dataset file formats: the format of a path, and the reader of each (one place for runs and previews). */
import { basename, extname } from "node:path";
import { DATASET_FORMATS, type DatasetFormat } from "../../../shared/nodes/kinds/dataset";
import { readCsv } from "./csv";
import { readJsonArray } from "./jsonArray";
import { readJsonl } from "./jsonl";
import { readParquet } from "./parquet";
import type { RawRow } from "./types";

export type { DatasetFormat };

const EXTENSIONS: Record<string, DatasetFormat> = { ".csv": "csv", ".tsv": "csv", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet" };

const READERS: Record<DatasetFormat, (path: string, signal?: AbortSignal) => AsyncIterable<RawRow>> = {
  jsonl: readJsonl,
  csv: readCsv,
  json: readJsonArray,
  parquet: readParquet,
};

export function guessFormat(path: string, declared?: DatasetFormat): DatasetFormat {
  if (declared) return declared;
  const format = EXTENSIONS[extname(path).toLowerCase()];
  if (format) return format;
  throw new Error(`cannot tell the format of "${basename(path)}" from its extension: set source.format to ${DATASET_FORMATS.join(", ")}`);
}

/** Whether a file name has the extension of a dataset format (for Browse). */
export function isDatasetFileName(name: string): boolean {
  const dot = name.lastIndexOf(".");
  return dot >= 0 && EXTENSIONS[name.slice(dot).toLowerCase()] !== undefined;
}

export function readRows(path: string, format: DatasetFormat, signal?: AbortSignal): AsyncIterable<RawRow> {
  return READERS[format](path, signal);
}
