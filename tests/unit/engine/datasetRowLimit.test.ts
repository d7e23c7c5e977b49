/** The row size limit of the dataset readers: an over-long line/row/element is a broken row naming the file and
 * line, is not buffered whole, and the rest of the dataset is still read. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readCsv } from "../../../src/main/engine/datasets/csv";
import { readJsonArray } from "../../../src/main/engine/datasets/jsonArray";
import { readJsonl } from "../../../src/main/engine/datasets/jsonl";
import { limitedLines } from "../../../src/main/engine/datasets/lines";
import { MAX_ROW_CHARS } from "../../../src/main/engine/datasets/rowLimit";
import type { RawRow } from "../../../src/main/engine/datasets/types";

const dir = mkdtempSync(join(tmpdir(), "cascade-rowlimit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(rows: AsyncIterable<RawRow>): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

async function* chunks(...parts: string[]): AsyncGenerator<string> {
  yield* parts;
}

describe("the row size limit", () => {
  it("is 16 MiB: a 20 MB JSONL line is reported by file:line and the next lines are read", async () => {
    const path = join(dir, "big.jsonl");
    const big = JSON.stringify({ id: "2", question: "x".repeat(20 * 1024 * 1024) });
    writeFileSync(path, [JSON.stringify({ id: "1", question: "a" }), big, JSON.stringify({ id: "3", question: "c" })].join("\n") + "\n");
    expect(big.length).toBeGreaterThan(MAX_ROW_CHARS);
    const rows = await collect(readJsonl(path));
    expect(rows.map((r) => r.record?.id ?? r.error)).toEqual(["1", "big.jsonl:2: longer than 16 MiB of text (the row size limit); not read", "3"]);
  });

  it("splits lines across chunks, drops a long line as it streams, keeps CRLF lines and a last line without a break", async () => {
    const lines = [];
    for await (const l of limitedLines(chunks("ab", "c\r\n0123", "456789xyz", "\nlast"), 8)) lines.push(l);
    expect(lines).toEqual([{ line: 1, text: "abc" }, { line: 2 }, { line: 3, text: "last" }]);
  });

  it("cuts an over-long CSV row (quoted line breaks included) before parsing; later rows keep their line numbers", async () => {
    const path = join(dir, "big.csv");
    writeFileSync(path, `id,question\n1,short\n2,"${"y".repeat(60)}\nstill row 2"\n3,"quoted\nbreak"\n4,end\n`);
    const rows = await collect(readCsv(path, undefined, 50));
    expect(rows.map((r) => r.record ?? r.error)).toEqual([
      { id: "1", question: "short" },
      "big.csv:3: longer than 50 characters of text (the row size limit); not read",
      { id: "3", question: "quoted\nbreak" },
      { id: "4", question: "end" },
    ]);
  });

  it("refuses a CSV whose header row is over the limit, naming the file", async () => {
    const path = join(dir, "header.csv");
    writeFileSync(path, `${"h".repeat(80)}\n1\n`);
    await expect(collect(readCsv(path, undefined, 50))).rejects.toThrow(/^header\.csv: the header row is longer than the row size limit/);
  });

  it("applies the same limit to a JSON array's elements", async () => {
    const path = join(dir, "big.json");
    writeFileSync(path, `[{"id": "1"},\n${JSON.stringify({ id: "2", q: "z".repeat(MAX_ROW_CHARS) })},\n{"id": "3"}]`);
    const rows = await collect(readJsonArray(path));
    expect(rows.map((r) => r.record?.id ?? r.error)).toEqual(["1", "big.json[1] (line 2): longer than 16 MiB of text (the row size limit); not read", "3"]);
  });
});
