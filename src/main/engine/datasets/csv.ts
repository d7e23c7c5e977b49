/**
 * CSV with a header row, streamed through papaparse's Node stream parser (backpressure kept). Rows longer
 * than the row size limit (rowLimit.ts) are cut out before parsing (csvRowGuard.ts) and reported by line.
 * papaparse is imported on the first CSV file read (a run over other formats does not load it).
 */
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { CsvRowGuard, TOO_LONG_MARKER } from "./csvRowGuard";
import { MAX_ROW_CHARS, tooLongProblem } from "./rowLimit";
import type { RawRow } from "./types";

export async function* readCsv(path: string, signal?: AbortSignal, maxRowChars = MAX_ROW_CHARS): AsyncGenerator<RawRow> {
  const name = basename(path);
  const { default: Papa } = await import("papaparse");
  const source = createReadStream(path, { encoding: "utf8" });
  const guard = new CsvRowGuard(name, maxRowChars);
  const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {
    header: true,
    skipEmptyLines: "greedy",
    dynamicTyping: false,
    // Excel's "CSV UTF-8" starts with a byte-order mark, which would become part of the first column's name.
    transformHeader: (header: string, index: number) => (index === 0 ? header.replace(/^\uFEFF/, "") : header),
  });
  const rows = source.pipe(guard).pipe(parser);
  source.on("error", (e) => guard.destroy(e));
  guard.on("error", (e) => parser.destroy(e));
  let index = 0;
  try {
    for await (const record of rows as AsyncIterable<Record<string, unknown>>) {
      index++;
      if (signal?.aborted) return;
      // Line numbers count the header; rows with line breaks inside quoted fields shift them.
      const where = `${name}:${index + 1}`;
      if (record === null || typeof record !== "object") {
        yield { where, error: `${where}: unreadable CSV row` };
        continue;
      }
      if (Object.values(record)[0] === TOO_LONG_MARKER) {
        yield { where, error: `${where}: ${tooLongProblem(maxRowChars)}` };
        continue;
      }
      const extra = (record as { __parsed_extra?: unknown }).__parsed_extra;
      if (extra !== undefined) {
        yield { where, error: `${where}: more fields than the header has` };
        continue;
      }
      yield { where, record };
    }
  } finally {
    source.destroy();
    guard.destroy();
    parser.destroy();
  }
}
