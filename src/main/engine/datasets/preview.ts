/**
 * The first rows of a dataset as read (not typed by its columns), for the app's dataset table: the same readers
 * and format guess as a run, stopped after `limit` rows; the row estimate of a file comes from one streaming
 * pass (inspectFile), as a run's.
 */
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { DatasetConfig } from "../../../shared/nodes/kinds/dataset";
import { guessColumnTypes } from "../../../shared/datasets/columnTypes";
import type { DatasetPreview } from "../../../shared/datasetsContract";
import { hubFiles, inspectHubFiles, readHubRows } from "./hubSource";
import { inspectFile } from "./inspect";
import { guessFormat, readRows } from "./readers";
import type { RawRow } from "./types";

export type RowsPreview = Omit<DatasetPreview, "baseDir" | "baseDirKind" | "images">;

async function firstRows(raw: AsyncIterable<RawRow>, limit: number, signal: AbortController) {
  const rows: Record<string, unknown>[] = [];
  const errors: { where: string; message: string }[] = [];
  for await (const row of raw) {
    if (row.error || !row.record) errors.push({ where: row.where, message: row.error ?? "unreadable row" });
    else rows.push(row.record);
    if (rows.length + errors.length >= limit) break;
  }
  signal.abort();
  return { rows, errors };
}

export async function previewDataset(source: DatasetConfig["source"], baseDir: string, limit: number): Promise<RowsPreview> {
  if (source.type === "inline") {
    const rows = source.rows.slice(0, limit);
    return { rows, errors: [], fields: guessColumnTypes(rows), total: source.rows.length };
  }
  if (source.type === "huggingface") {
    const found = await hubFiles(source, { nodeId: "dataset" });
    const stop = new AbortController();
    const { rows, errors } = await firstRows(readHubRows(source, found, stop.signal), limit, stop);
    const { estimate } = await inspectHubFiles(found);
    return { path: found.files[0], format: "parquet", rows, errors, fields: guessColumnTypes(rows), total: estimate };
  }
  const path = isAbsolute(source.path) ? source.path : resolve(baseDir, source.path);
  if (!existsSync(path)) throw new Error(`dataset file not found: ${path} (source.path "${source.path}")`);
  const format = guessFormat(path, source.format);
  const stop = new AbortController();
  const reader = readRows(path, format, stop.signal);
  const { rows, errors } = await firstRows(reader, limit, stop);
  const { estimate } = await inspectFile(path, format);
  return { path, format, rows, errors, fields: guessColumnTypes(rows), total: estimate };
}
