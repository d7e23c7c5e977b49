import { describe, expect, it } from "vitest";
import type { ResultRow } from "../../../src/shared/contract";
import { csvField, csvHeader, csvLines, jsonlLines } from "../../../src/renderer/src/inspector/exportResults";
import { cellText, fullText } from "../../../src/renderer/src/inspector/valueText";

const rows: ResultRow[] = [
  { itemId: "a", nodeId: "n", status: "done", output: { text: 'He said "hi", then\nleft', score: 1 }, latencyMs: 12, usage: { inputTokens: 3, outputTokens: 4 } },
  { itemId: "b", nodeId: "n", status: "failed", output: null, error: "HTTP 500, twice" },
];

describe("export builders", () => {
  it("quotes CSV fields with commas, quotes or newlines", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvHeader(["text", "score"])).toBe("item,status,text,score,error,latency_ms,input_tokens,output_tokens\n");
    expect(csvLines(rows, ["text", "score"])).toBe('a,done,"He said ""hi"", then\nleft",1,,12,3,4\nb,failed,,,"HTTP 500, twice",,,\n');
    expect(csvLines([], ["x"])).toBe("");
  });

  it("writes one JSON object per line", () => {
    const lines = jsonlLines(rows).trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual(rows);
  });
});

describe("value text", () => {
  it("names images, summarises chats and samples, and clamps cells", () => {
    expect(fullText({ kind: "image", source: "img/1.png" })).toBe("[image img/1.png]");
    expect(fullText({ kind: "conversation", messages: [{ role: "user", content: "q" }, { role: "assistant", content: "a" }] })).toBe("[2 messages] assistant: a");
    expect(fullText({ kind: "samples", values: ["x", 2] })).toBe("#1 x | #2 2");
    expect(fullText({ a: [1, true] })).toBe('{"a":[1,true]}');
    expect(cellText("one\n  two", 50)).toBe("one two");
    expect(cellText("x".repeat(20), 10)).toBe(`${"x".repeat(9)}…`);
  });
});
