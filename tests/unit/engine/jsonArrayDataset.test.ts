import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonArrayRows } from "../../../src/main/engine/datasets/jsonArray";
import { JsonArraySplitter } from "../../../src/main/engine/datasets/jsonSplitter";
import type { RawRow } from "../../../src/main/engine/datasets/types";
import { datasetExecutor } from "../../../src/main/engine/nodes/dataset";
import type { SourceRow } from "../../../src/main/engine/nodes/types";
import type { DatasetConfig } from "../../../src/shared/nodes/kinds/dataset";
import { node } from "./helpers";

const dir = mkdtempSync(join(tmpdir(), "cascade-json-"));
afterAll(() => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

const columns: DatasetConfig["columns"] = [
  { name: "question", type: "text" },
  { name: "n", type: "number" },
];

function open(path: string) {
  const config: DatasetConfig = { source: { type: "file", path }, columns };
  return datasetExecutor.open(config, { baseDir: dir, node: node("data", "dataset", config as never), signal: new AbortController().signal });
}

async function readFile(name: string, text: string): Promise<{ rows: SourceRow[]; estimate: number | null; fingerprint: string }> {
  writeFileSync(join(dir, name), text);
  const handle = open(name);
  const info = await handle.inspect();
  const rows: SourceRow[] = [];
  for await (const r of handle.rows()) rows.push(r);
  return { rows, ...info };
}

async function* chunksOf(text: string, ...cuts: number[]): AsyncGenerator<string> {
  let from = 0;
  for (const cut of cuts) {
    yield text.slice(from, cut);
    from = cut;
  }
  yield text.slice(from);
}

async function collect(rows: AsyncIterable<RawRow>): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

describe("JSON array datasets (streamed)", () => {
  it("streams: the first row comes out after the first chunk, and chunks are read only as rows are taken", async () => {
    const perChunk = 50;
    const chunks = 2000; // 100,000 rows
    let pulled = 0;
    async function* source(): AsyncGenerator<string> {
      for (let c = 0; c < chunks; c++) {
        pulled++;
        const rows = Array.from({ length: perChunk }, (_, k) => JSON.stringify({ question: `q${c * perChunk + k}`, n: k }));
        yield `${c === 0 ? "[" : ","}${rows.join(",\n")}${c === chunks - 1 ? "]" : ""}`;
      }
    }
    const it = jsonArrayRows(source(), "big.json")[Symbol.asyncIterator]();
    const first = await it.next();
    expect(first.value).toEqual({ where: "big.json[0]", record: { question: "q0", n: 0 } });
    expect(pulled).toBe(1);
    let taken = 1;
    let maxAhead = 0;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      taken++;
      // Read-ahead stays within a chunk: never more chunks than the rows taken need, plus one.
      maxAhead = Math.max(maxAhead, pulled - Math.ceil(taken / perChunk));
    }
    expect(taken).toBe(perChunk * chunks);
    expect(maxAhead).toBeLessThanOrEqual(1);
  });

  it("a large generated file: estimate from the streaming count, every row typed, same fingerprint on re-read", async () => {
    const n = 20_000;
    const text = `[\n${Array.from({ length: n }, (_, i) => `  {"question": "q${i}", "n": ${i}}`).join(",\n")}\n]\n`;
    const a = await readFile("big.json", text);
    expect(a.estimate).toBe(n);
    expect(a.rows).toHaveLength(n);
    expect(a.rows[n - 1]).toEqual({ itemId: String(n), seq: n - 1, values: { question: `q${n - 1}`, n: n - 1 } });
    expect(a.rows.every((r) => !r.error)).toBe(true);
    const again = await open("big.json").inspect();
    expect(again.fingerprint).toBe(a.fingerprint);
    writeFileSync(join(dir, "big.json"), text.replace('"q5"', '"q5!"'));
    expect((await open("big.json").inspect()).fingerprint).not.toBe(a.fingerprint);
  });

  it("a malformed element is reported with its index and line; the other rows are still read", async () => {
    const text = [
      "[",
      '  {"question": "a", "n": 1},',
      '  {"question": "b", "n": tru},',
      '  {"question": "c", "n": [1},',
      "  7,",
      "  ,",
      '  {"question": "d"},',
      '  {"question": "e", "n": 5}',
      "]",
    ].join("\n");
    const { rows, estimate } = await readFile("bad.json", text);
    expect(estimate).toBe(7);
    expect(rows.map((r) => r.itemId)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
    expect(rows[0].values).toEqual({ question: "a", n: 1 });
    expect(rows[1].error).toMatch(/^bad\.json\[1\] \(line 3\): not valid JSON/);
    expect(rows[2].error).toMatch(/^bad\.json\[2\] \(line 4\): not valid JSON/);
    expect(rows[3].error).toBe("bad.json[3] (line 5): expected a row object, got 7");
    expect(rows[4].error).toBe("bad.json[4] (line 6): no value before this comma");
    expect(rows[5].error).toBe('bad.json[5]: missing column "n"');
    expect(rows[6].values).toEqual({ question: "e", n: 5 });
  });

  it("a top-level value that is not an array is a clear error (a rows/data/items wrapper is accepted)", async () => {
    for (const [name, text] of [
      ["obj.json", '{"question": "a", "n": 1}'],
      ["str.json", '"[not an array]"'],
      ["num.json", "42"],
      ["empty.json", "  \n"],
    ]) {
      writeFileSync(join(dir, name), text);
      await expect(open(name).inspect(), name).rejects.toThrow(new RegExp(`^${name.replace(".", "\\.")}: (expected a JSON array of row objects|empty file)`));
      await expect(collect((async function* () { for await (const r of open(name).rows()) yield { where: r.itemId }; })()), name).rejects.toThrow(/expected a JSON array|empty file/);
    }
    const wrapped = await readFile("wrapped.json", '{"meta": {"rows": [1], "s": "}]"}, "count": 2, "rows": [{"question": "a", "n": 1}, {"question": "b", "n": 2}], "after": [}');
    expect(wrapped.estimate).toBe(2);
    expect(wrapped.rows.map((r) => r.values?.question)).toEqual(["a", "b"]);
  });

  it("nested arrays, strings with brackets and escaped quotes, a BOM, and any chunk boundary", async () => {
    const rows = [
      { question: 'brackets ] } [ { and "quotes" \\" , and a backslash \\', n: 1, tags: [[1, 2], [3, [4, { x: "]" }]]] },
      { question: "ünïcødé ✓ \u2028", n: 2, nested: { a: { b: [{ c: "},{" }] } } },
      { question: "", n: 3 },
    ];
    const text = `\ufeff[${rows.map((r) => JSON.stringify(r, null, 1)).join(" ,\n")}]`;
    const whole = await collect(jsonArrayRows(chunksOf(text), "n.json"));
    expect(whole).toEqual(rows.map((record, i) => ({ where: `n.json[${i}]`, record })));
    for (let cut = 1; cut < text.length; cut++) {
      expect(await collect(jsonArrayRows(chunksOf(text, cut), "n.json"))).toEqual(whole);
    }
  });

  it("a file that ends inside the array or has text after it: the rows before are read, then a clear error", async () => {
    const cut = jsonArrayRows(chunksOf('[{"question": "a", "n": 1},\n{"question": "b'), "cut.json");
    const seen: RawRow[] = [];
    await expect((async () => { for await (const r of cut) seen.push(r); })()).rejects.toThrow(/^cut\.json: the file ends inside element 1 \(from line 2\)/);
    expect(seen).toHaveLength(1);
    await expect(collect(jsonArrayRows(chunksOf('[{"n": 1}'), "open.json"))).rejects.toThrow(/ends before the array's closing "\]" \(after 1 element\)/);
    await expect(collect(jsonArrayRows(chunksOf('[{"n": 1}]\n[2]'), "two.json"))).rejects.toThrow(/unexpected text after the array at line 2/);
  });

  it("counting keeps no element text; an element over the limit is reported, not buffered", () => {
    const counter = new JsonArraySplitter("c.json", { keepText: false });
    expect(counter.push('[{"a": 1}, {"b": [2, 3]}, 4').map((e) => e.text)).toEqual([undefined, undefined]);
    counter.push("]");
    counter.end();
    expect(counter.count).toBe(3);
    const small = new JsonArraySplitter("s.json", { keepText: true, maxElementChars: 10 });
    const els = [...small.push('[{"a": "0123456789"}, '), ...small.push('{"b": 1}]')];
    expect(els[0]).toMatchObject({ index: 0, problem: expect.stringMatching(/^longer than/) });
    expect(els[1]).toEqual({ index: 1, line: 1, text: '{"b": 1}' });
  });
});
