/**
 * A JSON file holding an array of row objects (or `{ "rows" | "data" | "items": [...] }`), streamed: the file is
 * read chunk by chunk through JsonArraySplitter and each element is parsed on its own, so memory does not grow
 * with the file. A broken element becomes a broken row naming file[index] and its line; the others are read.
 */
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { JsonArraySplitter } from "./jsonSplitter";
import type { RawRow } from "./types";

function describe(v: unknown): string {
  if (Array.isArray(v)) return "an array";
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** The rows of a JSON array read from text chunks (a file's, or a test's). Structural problems throw. */
export async function* jsonArrayRows(chunks: AsyncIterable<string>, name: string, signal?: AbortSignal): AsyncGenerator<RawRow> {
  const splitter = new JsonArraySplitter(name, { keepText: true });
  for await (const chunk of chunks) {
    for (const el of splitter.push(chunk)) {
      if (signal?.aborted) return;
      const where = `${name}[${el.index}]`;
      const at = `${where} (line ${el.line})`;
      if (el.problem !== undefined || el.text === undefined) {
        yield { where, error: `${at}: ${el.problem ?? "unreadable element"}` };
        continue;
      }
      let value: unknown;
      try {
        value = JSON.parse(el.text);
      } catch (e) {
        yield { where, error: `${at}: not valid JSON (${(e as Error).message})` };
        continue;
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) yield { where, error: `${at}: expected a row object, got ${describe(value)}` };
      else yield { where, record: value as Record<string, unknown> };
    }
    if (signal?.aborted) return;
  }
  splitter.end();
}

export async function* readJsonArray(path: string, signal?: AbortSignal): AsyncGenerator<RawRow> {
  const stream = createReadStream(path, { encoding: "utf8" });
  try {
    yield* jsonArrayRows(stream as AsyncIterable<string>, basename(path), signal);
  } finally {
    stream.destroy();
  }
}
