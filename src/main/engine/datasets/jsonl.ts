/**
 * JSON Lines, streamed line by line; a line that is not a JSON object, or longer than the row size limit
 * (rowLimit.ts), becomes a broken row naming file:line, and the next lines are still read.
 */
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { limitedLines } from "./lines";
import { MAX_ROW_CHARS, tooLongProblem } from "./rowLimit";
import type { RawRow } from "./types";

export async function* readJsonl(path: string, signal?: AbortSignal, maxRowChars = MAX_ROW_CHARS): AsyncGenerator<RawRow> {
  const name = basename(path);
  const stream = createReadStream(path, { encoding: "utf8" });
  try {
    for await (const { line, text } of limitedLines(stream as AsyncIterable<string>, maxRowChars)) {
      if (signal?.aborted) return;
      const where = `${name}:${line}`;
      if (text === undefined) {
        yield { where, error: `${where}: ${tooLongProblem(maxRowChars)}` };
        continue;
      }
      const trimmed = text.trim();
      if (trimmed === "") continue;
      let value: unknown;
      try {
        value = JSON.parse(trimmed.charCodeAt(0) === 0xfeff ? trimmed.slice(1) : trimmed);
      } catch (e) {
        yield { where, error: `${where}: not valid JSON (${(e as Error).message})` };
        continue;
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        yield { where, error: `${where}: expected a JSON object, got ${Array.isArray(value) ? "an array" : JSON.stringify(value)}` };
        continue;
      }
      yield { where, record: value as Record<string, unknown> };
    }
  } finally {
    stream.destroy();
  }
}
