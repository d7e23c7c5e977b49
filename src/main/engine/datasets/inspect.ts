/** Dataset fingerprint (sha256 of the raw bytes) and a cheap row estimate, in one streaming pass. */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

export async function inspectFile(path: string, format: "jsonl" | "csv" | "json"): Promise<{ fingerprint: string; estimate: number | null }> {
  const hash = createHash("sha256");
  let lines = 0;
  let lineHasContent = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (format === "json") continue;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === 10) {
        if (lineHasContent) lines++;
        lineHasContent = false;
      } else if (b !== 13 && b !== 32 && b !== 9) lineHasContent = true;
    }
  }
  if (lineHasContent) lines++;
  const estimate = format === "json" ? null : format === "csv" ? Math.max(0, lines - 1) : lines;
  return { fingerprint: hash.digest("hex"), estimate };
}
