/**
 * Parquet, as the Hugging Face hub publishes benchmarks: read row group by row group (hyparquet reads only the
 * byte ranges of the group, so memory holds one group), with the snappy, zstd, gzip, brotli and lz4 codecs of
 * hyparquet-compressors. Values become what a JSONL row would hold (parquetValues.ts): an image struct
 * `{bytes, path}` or a binary image becomes a data URI, lists stay arrays, 64-bit integers become numbers.
 * A row group that cannot be read fails its own rows, each named, and the next groups are still read.
 * hyparquet and its codecs are imported on the first Parquet file read, so a run over JSONL or CSV (and the
 * CLI's start-up) does not load them.
 */
import { basename } from "node:path";
import type { AsyncBuffer, FileMetaData } from "hyparquet";
import { parquetRecord } from "./parquetValues";
import type { RawRow } from "./types";

let libraries: Promise<[typeof import("hyparquet"), typeof import("hyparquet-compressors")]> | undefined;
const parquetLibraries = () => (libraries ??= Promise.all([import("hyparquet"), import("hyparquet-compressors")]));

/** The file's metadata (its footer), or an error that names the file. */
export async function parquetFooter(path: string): Promise<{ file: AsyncBuffer; metadata: FileMetaData }> {
  const [{ asyncBufferFromFile, parquetMetadataAsync }] = await parquetLibraries();
  const file = await asyncBufferFromFile(path);
  try {
    return { file, metadata: await parquetMetadataAsync(file) };
  } catch (e) {
    throw new Error(`${basename(path)}: not a readable Parquet file (${(e as Error).message})`);
  }
}

export async function* readParquet(path: string, signal?: AbortSignal): AsyncGenerator<RawRow> {
  const name = basename(path);
  const { file, metadata } = await parquetFooter(path);
  const [{ parquetReadObjects }, { compressors }] = await parquetLibraries();
  const groups = metadata.row_groups;
  let rowStart = 0;
  for (let g = 0; g < groups.length; g++) {
    if (signal?.aborted) return;
    const count = Number(groups[g].num_rows);
    const rowEnd = rowStart + count;
    let rows: (Record<string, unknown> | undefined)[] | undefined;
    let problem: string | undefined;
    try {
      rows = (await parquetReadObjects({ file, metadata, compressors, rowStart, rowEnd, utf8: false })) as Record<string, unknown>[];
      if (rows.length !== count) problem = `row group ${g + 1} has ${rows.length} rows, its footer says ${count}`;
    } catch (e) {
      problem = (e as Error).message;
    }
    for (let i = 0; i < count; i++) {
      if (signal?.aborted) return;
      const where = `${name}:row ${rowStart + i + 1}`;
      if (problem !== undefined || !rows) {
        yield { where, error: `${where}: row group ${g + 1} of ${groups.length} (rows ${rowStart + 1}–${rowEnd}) could not be read: ${problem}` };
        continue;
      }
      // Each row is let go once read: what is held of a group shrinks as its rows go by, not at its end.
      const row = rows[i]!;
      rows[i] = undefined;
      try {
        yield { where, record: parquetRecord(row) };
      } catch (e) {
        yield { where, error: `${where}: ${(e as Error).message}` };
      }
    }
    rowStart = rowEnd;
  }
}
