/** JSON Lines, streamed line by line; a line that is not a JSON object becomes a broken row naming file:line. */
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import type { RawRow } from "./types";

export async function* readJsonl(path: string, signal?: AbortSignal): AsyncGenerator<RawRow> {
  const name = basename(path);
  const stream = createReadStream(path, { encoding: "utf8" });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      if (signal?.aborted) return;
      const trimmed = text.trim();
      if (trimmed === "") continue;
      const where = `${name}:${line}`;
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
    lines.close();
    stream.destroy();
  }
}
