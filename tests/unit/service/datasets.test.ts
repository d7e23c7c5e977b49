/** datasets.preview and datasets.files through the service, and the pure helpers they and the Data tab use. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parsePastedRows } from "../../../src/renderer/src/datasets/pasteRows";
import { guessColumnTypes, looksLikeImage } from "../../../src/shared/datasets/columnTypes";
import { makeService, TEMPLATES } from "./helpers";

describe("datasets service", () => {
  const { service, close } = makeService();
  const tmp = mkdtempSync(join(tmpdir(), "cascade-datasets-"));
  afterAll(async () => {
    await close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it("previews the first rows of a template's file, with detected types, the estimate and the base dir", async () => {
    const p = await service.call("datasets.preview", { config: { source: { type: "file", path: "data/visual-math.jsonl" } }, limit: 5 });
    expect(p.baseDirKind).toBe("templates");
    expect(p.baseDir).toBe(TEMPLATES);
    expect(p.path).toBe(join(TEMPLATES, "data/visual-math.jsonl"));
    expect(p.rows).toHaveLength(5);
    expect(p.total).toBeGreaterThan(5);
    expect(Object.fromEntries(p.fields.map((f) => [f.field, f.type]))).toMatchObject({ id: "text", question: "text", image: "image", choices: "json" });
    // Its images may now be read by the UI (GET /files).
    expect(service.readableFiles("images/count-01.png")).toContain(join(TEMPLATES, "data/images/count-01.png"));
  });

  it("reports unreadable rows by place, CSV fields as text/number, and a missing file by path", async () => {
    writeFileSync(join(tmp, "a.jsonl"), '{"q":"x","n":1}\nnot json\n{"q":"y","n":2}\n');
    const p = await service.call("datasets.preview", { config: { source: { type: "file", path: join(tmp, "a.jsonl") } } });
    expect(p.rows).toEqual([{ q: "x", n: 1 }, { q: "y", n: 2 }]);
    expect(p.errors).toMatchObject([{ where: "a.jsonl:2" }]);
    expect(p.fields).toEqual([{ field: "q", type: "text", filled: 2 }, { field: "n", type: "number", filled: 2 }]);
    writeFileSync(join(tmp, "b.csv"), "question,score\nhi,3\nho,4.5\n");
    const c = await service.call("datasets.preview", { config: { source: { type: "file", path: join(tmp, "b.csv") } } });
    expect(c.fields.map((f) => f.type)).toEqual(["text", "number"]);
    expect(c.total).toBe(2);
    await expect(service.call("datasets.preview", { config: { source: { type: "file", path: join(tmp, "none.jsonl") } } })).rejects.toThrow(/dataset file not found: .*none\.jsonl/);
    await expect(service.call("datasets.preview", { config: { source: { type: "ftp" } } })).rejects.toThrow(/source is not valid/);
  });

  it("previews inline rows and lists the data files under the base dir", async () => {
    const p = await service.call("datasets.preview", { config: { source: { type: "inline", rows: [{ a: 1 }, { a: 2 }, { a: 3 }] } }, limit: 2 });
    expect(p).toMatchObject({ rows: [{ a: 1 }, { a: 2 }], total: 3, errors: [] });
    const files = await service.call("datasets.files", {});
    expect(files.baseDirKind).toBe("templates");
    expect(files.files).toContain("data/visual-math.jsonl");
    expect(files.files).toContain("data/mathvista-style.parquet");
    expect(files.files.every((f) => /\.(jsonl|ndjson|csv|tsv|json|parquet)$/.test(f))).toBe(true);
  });
});

describe("column types", () => {
  it("detects images, numbers, booleans, json and text; empty values do not vote", () => {
    const g = guessColumnTypes([
      { img: "a/b.png", n: "3", b: "true", j: { x: 1 }, t: "hello", mix: 1, e: "" },
      { img: { path: "c.JPG" }, n: 4.5, b: false, j: [1], t: "3", mix: "x", e: null },
    ]);
    expect(Object.fromEntries(g.map((f) => [f.field, f.type]))).toEqual({ img: "image", n: "number", b: "boolean", j: "json", t: "text", mix: "text", e: "text" });
    expect(g.find((f) => f.field === "e")!.filled).toBe(0);
    expect(looksLikeImage("data:image/png;base64,AAA")).toBe(true);
    expect(looksLikeImage("a picture of x.png here")).toBe(false);
  });
});

describe("pasted rows", () => {
  it("reads a spreadsheet paste, CSV with quotes, JSON Lines and a JSON array", () => {
    expect(parsePastedRows("q\ta\nx\t1\ny\t2")).toEqual({ rows: [{ q: "x", a: "1" }, { q: "y", a: "2" }] });
    expect(parsePastedRows('q,a\n"hello, world","say ""hi"""')).toEqual({ rows: [{ q: "hello, world", a: 'say "hi"' }] });
    expect(parsePastedRows('{"q":1}\n{"q":2}')).toEqual({ rows: [{ q: 1 }, { q: 2 }] });
    expect(parsePastedRows('[{"q":1}]')).toEqual({ rows: [{ q: 1 }] });
  });
  it("says what is wrong", () => {
    expect(parsePastedRows("")).toMatchObject({ error: expect.stringMatching(/paste a table/) });
    expect(parsePastedRows("q\ta")).toMatchObject({ error: expect.stringMatching(/no rows under the header/) });
    expect(parsePastedRows('{"q":1}\n{oops')).toMatchObject({ error: expect.stringMatching(/^line 2: not valid JSON/) });
    expect(parsePastedRows("[1,2]")).toMatchObject({ error: "row 1 is not an object" });
  });
});
