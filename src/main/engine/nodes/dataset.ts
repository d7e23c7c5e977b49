/** Dataset: the source of items. Streams rows from a JSONL/CSV/JSON/Parquet file or inline rows and types them. */
import { statSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { DatasetConfig } from "../../../shared/nodes/kinds/dataset";
import { MAX_JSON_DEPTH, structureProblem } from "../../../shared/pipeline/nesting";
import { canonicalJson } from "../../../shared/pipeline/serialize";
import { sha256Hex } from "../../store/hash";
import { itemIdOf, rowValues } from "../datasets/columns";
import { inspectFile } from "../datasets/inspect";
import { guessFormat, readRows } from "../datasets/readers";
import type { RawRow } from "../datasets/types";
import type { SourceContext, SourceExecutor, SourceHandle, SourceRow } from "./types";

/** Turns raw rows into items: typed values, ids (duplicates fail), broken rows as failed items. */
async function* typedRows(config: DatasetConfig, raw: AsyncIterable<RawRow> | Iterable<RawRow>): AsyncGenerator<SourceRow> {
  const seen = new Set<string>();
  let seq = 0;
  for await (const row of raw) {
    const rowNumber = seq + 1;
    let itemId: string;
    try {
      itemId = row.error ? (config.idColumn ? row.where : String(rowNumber)) : itemIdOf(config, row.record, rowNumber, row.where);
    } catch (e) {
      yield { itemId: row.where, seq: seq++, error: (e as Error).message };
      continue;
    }
    if (seen.has(itemId)) {
      yield { itemId: `${itemId}@${row.where}`, seq: seq++, error: `${row.where}: duplicate item id "${itemId}"` };
      continue;
    }
    seen.add(itemId);
    if (row.error || !row.record) {
      yield { itemId, seq: seq++, error: row.error ?? `${row.where}: unreadable row` };
      continue;
    }
    // Copying and hashing values recurse: a row nested thousands of levels deep fails alone, named.
    if (structureProblem(row.record, MAX_JSON_DEPTH, false)) {
      yield { itemId, seq: seq++, error: `${row.where}: nested more than ${MAX_JSON_DEPTH} levels deep (arrays and objects inside each other)` };
      continue;
    }
    let out: SourceRow;
    try {
      out = { itemId, seq, values: rowValues(config, row.record, row.where) };
    } catch (e) {
      out = { itemId, seq, error: (e as Error).message };
    }
    seq++;
    yield out;
  }
}

function openFile(config: DatasetConfig & { source: { type: "file" } }, ctx: SourceContext): SourceHandle {
  const path = isAbsolute(config.source.path) ? config.source.path : resolve(ctx.baseDir, config.source.path);
  const format = guessFormat(path, config.source.format);
  const ensureExists = () => {
    const where = `(node "${ctx.node.id}", source.path "${config.source.path}")`;
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) throw new Error(`dataset file not found: ${path} ${where}`);
    if (stat.isDirectory()) throw new Error(`the dataset path is a folder, not a file: ${path} ${where}`);
  };
  return {
    dataDir: dirname(path),
    async inspect() {
      ensureExists();
      return inspectFile(path, format);
    },
    rows() {
      ensureExists();
      return typedRows(config, readRows(path, format, ctx.signal));
    },
  };
}

function openInline(config: DatasetConfig & { source: { type: "inline" } }, ctx: SourceContext): SourceHandle {
  const rows = config.source.rows;
  return {
    dataDir: ctx.baseDir,
    async inspect() {
      return { fingerprint: sha256Hex(canonicalJson(rows)), estimate: rows.length };
    },
    rows() {
      const raw = rows.map((record, i): RawRow => ({ where: `inline row ${i + 1}`, record }));
      return typedRows(config, raw);
    },
  };
}

export const datasetExecutor: SourceExecutor<DatasetConfig> = {
  open(config, ctx) {
    return config.source.type === "file"
      ? openFile(config as DatasetConfig & { source: { type: "file" } }, ctx)
      : openInline(config as DatasetConfig & { source: { type: "inline" } }, ctx);
  },
};
