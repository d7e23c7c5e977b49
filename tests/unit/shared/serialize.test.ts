/** Deterministic serialisation: round trips over the committed templates, and the same bytes whatever the input key order. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalJson, serializePipeline } from "../../../src/shared/pipeline/serialize";
import { parsePipeline, parsePipelineJson } from "../../../src/shared/pipeline/validate";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import { basePipeline } from "./basePipeline";

const TEMPLATES_DIR = join(__dirname, "../../../templates");
const templateFiles = readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith(".json")).sort();

function parseOk(text: string): PipelineDoc {
  const { doc, problems } = parsePipelineJson(text);
  expect(problems).toEqual([]);
  return doc!;
}

/** A deep copy with every object's keys in a different order (reversed, then rotated by depth). */
function shuffleKeys(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleKeys(v, depth + 1));
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value).reverse();
  const k = keys.length ? depth % keys.length : 0;
  const rotated = [...keys.slice(k), ...keys.slice(0, k)];
  return Object.fromEntries(rotated.map((key) => [key, shuffleKeys((value as Record<string, unknown>)[key], depth + 1)]));
}

describe("serializePipeline round trip over the templates", () => {
  it("finds the three templates", () => {
    expect(templateFiles).toEqual(expect.arrayContaining(["cas-seat.json", "cot.json", "seat.json"]));
  });

  it.each(templateFiles)("%s: parse → serialise → parse is identical and the committed bytes are canonical", (file) => {
    const text = readFileSync(join(TEMPLATES_DIR, file), "utf8");
    const doc = parseOk(text);
    const once = serializePipeline(doc);
    expect(once, `${file} is not in canonical form: rewrite it with serializePipeline`).toBe(text);
    const again = parseOk(once);
    expect(again).toEqual(doc);
    expect(serializePipeline(again)).toBe(once);
  });

  it.each(templateFiles)("%s: shuffled key order gives the same bytes", (file) => {
    const text = readFileSync(join(TEMPLATES_DIR, file), "utf8");
    const shuffled = JSON.stringify(shuffleKeys(JSON.parse(text)));
    expect(shuffled).not.toBe(JSON.stringify(JSON.parse(text)));
    expect(serializePipeline(parseOk(shuffled))).toBe(text);
  });
});

describe("serialised form", () => {
  const text = serializePipeline(basePipeline());

  it("uses a 2-space indent and ends with exactly one newline", () => {
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.endsWith("\n\n")).toBe(false);
    expect(text.split("\n")[1]).toBe('  "format": "cascade-studio/pipeline",');
    expect(text).not.toMatch(/\t|[ ]+\n/);
    for (const line of text.split("\n")) expect(line.match(/^ */)![0].length % 2).toBe(0);
  });

  it("puts the known keys first, in a fixed order", () => {
    const top = Object.keys(JSON.parse(text));
    expect(top).toEqual(["format", "version", "name", "models", "nodes", "edges"]);
    const node = JSON.parse(text).nodes[1];
    expect(Object.keys(node)).toEqual(["id", "kind", "position", "config"]);
    expect(Object.keys(JSON.parse(text).edges[0])).toEqual(["id", "source", "sourcePort", "target", "targetPort"]);
    expect(Object.keys(JSON.parse(text).models.m)).toEqual(["provider", "model", "baseUrl", "apiKeyEnv"]);
  });

  it("sorts model names and config keys, and keeps the order of nodes, edges and arrays", () => {
    const doc = basePipeline();
    doc.models = { zeta: doc.models.m, alpha: doc.models.m, m: doc.models.m };
    doc.nodes.reverse();
    const out = JSON.parse(serializePipeline(doc));
    expect(Object.keys(out.models)).toEqual(["alpha", "m", "zeta"]);
    expect(out.nodes.map((n: { id: string }) => n.id)).toEqual(["note", "score", "pick", "ask", "data"]);
    expect(Object.keys(out.nodes[4].config)).toEqual(["columns", "source"]);
    expect(out.nodes[4].config.columns.map((c: { name: string }) => c.name)).toEqual(["question", "answer", "picture"]);
  });

  it("drops fields that are undefined", () => {
    const doc = basePipeline();
    doc.description = undefined;
    doc.nodes[0].label = undefined;
    expect(serializePipeline(doc)).toBe(text);
    expect(text).not.toContain("undefined");
  });

  it("survives a parse of its own output unchanged", () => {
    const { doc, problems } = parsePipeline(JSON.parse(text));
    expect(problems).toEqual([]);
    expect(serializePipeline(doc!)).toBe(text);
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every depth and has no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}');
  });

  it("gives the same text for the same value in any key order", () => {
    const v = JSON.parse(serializePipeline(basePipeline()));
    expect(canonicalJson(shuffleKeys(v))).toBe(canonicalJson(v));
  });
});
