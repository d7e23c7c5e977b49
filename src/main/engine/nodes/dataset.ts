/** Dataset: the source of items. Streams rows from a JSONL/CSV/JSON/Parquet file or inline rows and types them. */
import { statSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { DatasetConfig } from "../../../shared/nodes/kinds/dataset";
import { MAX_JSON_DEPTH, structureProblem } from "../../../shared/pipeline/nesting";
import { canonicalJson } from "../../../shared/pipeline/serialize";
import { sha256Hex } from "../../store/hash";
import { itemIdOf, rowValues } from "../datasets/columns";
import { CompactIdSet } from "../datasets/compactIdSet";
import { inspectFile } from "../datasets/inspect";
import { hubFiles, inspectHubFiles, readHubRows, type HubFiles } from "../datasets/hubSource";
import { guessFormat, readRows } from "../datasets/readers";
import { matchesWhere, sampleIds } from "../datasets/subset";
import type { RawRow } from "../datasets/types";
import type { SourceContext, SourceExecutor, SourceHandle, SourceRow } from "./types";

/** Turns raw rows into items: typed values, ids (duplicates fail), broken rows as failed items. */
async function* typedRows(config: DatasetConfig, raw: AsyncIterable<RawRow> | Iterable<RawRow>): AsyncGenerator<SourceRow> {
  const seen = new CompactIdSet();
  let seq = 0;
  let rowNumber = 0;
  const where = config.subset?.where;
  for await (const row of raw) {
    // The row number counts every row of the file, so an item keeps its id when a subset leaves rows out.
    rowNumber++;
    if (row.record && !row.error && !matchesWhere(row.record, where)) continue;
    let itemId: string;
    try {
      itemId = row.error ? (config.idColumn ? row.where : String(rowNumber)) : itemIdOf(config, row.record, rowNumber, row.where);
    } catch (e) {
      yield { itemId: row.where, seq: seq++, error: (e as Error).message };
      continue;
    }
    if (!seen.add(itemId)) {
      yield { itemId: `${itemId}@${row.where}`, seq: seq++, error: `${row.where}: duplicate item id "${itemId}"` };
      continue;
    }
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

/** The rows of the subset's sample, in file order (two passes: ranking the ids, then the rows). */
async function* sampled(config: DatasetConfig, read: () => AsyncIterable<RawRow> | Iterable<RawRow>): AsyncGenerator<SourceRow> {
  const sample = config.subset?.sample;
  if (!sample) {
    yield* typedRows(config, read());
    return;
  }
  async function* ids() {
    for await (const row of typedRows(config, read())) yield row.itemId;
  }
  const chosen = await sampleIds(ids(), sample.n, sample.seed);
  let seq = 0;
  for await (const row of typedRows(config, read())) if (chosen.has(row.itemId)) yield { ...row, seq: seq++ };
}

/** The row estimate of a subset: unknown with `where`, at most n with a sample. */
function subsetEstimate(config: DatasetConfig, estimate: number | null): number | null {
  if (config.subset?.where) return null;
  if (config.subset?.sample) return estimate === null ? null : Math.min(estimate, config.subset.sample.n);
  return estimate;
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
      const info = await inspectFile(path, format);
      return { ...info, estimate: subsetEstimate(config, info.estimate) };
    },
    rows() {
      ensureExists();
      return sampled(config, () => readRows(path, format, ctx.signal));
    },
  };
}

function openInline(config: DatasetConfig & { source: { type: "inline" } }, ctx: SourceContext): SourceHandle {
  const rows = config.source.rows;
  return {
    dataDir: ctx.baseDir,
    async inspect() {
      return { fingerprint: sha256Hex(canonicalJson(rows)), estimate: subsetEstimate(config, rows.length) };
    },
    rows() {
      return sampled(config, () => rows.map((record, i): RawRow => ({ where: `inline row ${i + 1}`, record })));
    },
  };
}

/** A hub dataset: its split's Parquet files, found in a cache or downloaded once (datasets/hubSource.ts), read in order. */
function openHub(config: DatasetConfig & { source: { type: "huggingface" } }, ctx: SourceContext): SourceHandle {
  let found: Promise<HubFiles> | undefined;
  const files = () => (found ??= hubFiles(config.source, { nodeId: ctx.node.id, env: ctx.env, signal: ctx.signal, progress: ctx.progress }));
  return {
    // Hub Parquet images are bytes (data URIs); other relative paths resolve against the pipeline's folder.
    dataDir: ctx.baseDir,
    async inspect() {
      const info = await inspectHubFiles(await files());
      return { ...info, estimate: subsetEstimate(config, info.estimate) };
    },
    rows() {
      return sampled(config, () => ({
        async *[Symbol.asyncIterator]() {
          yield* readHubRows(config.source, await files(), ctx.signal);
        },
      }));
    },
  };
}

export const datasetExecutor: SourceExecutor<DatasetConfig> = {
  open(config, ctx) {
    switch (config.source.type) {
      case "file":
        return openFile(config as DatasetConfig & { source: { type: "file" } }, ctx);
      case "huggingface":
        return openHub(config as DatasetConfig & { source: { type: "huggingface" } }, ctx);
      default:
        return openInline(config as DatasetConfig & { source: { type: "inline" } }, ctx);
    }
  },
};
