import { describe, expect, it } from "vitest";
import { getKind, NODE_KINDS } from "../../../src/shared/nodes/registry";
import { fieldsOf, parseList } from "../../../src/renderer/src/config/schemaForm/introspect";

const byKey = (kind: string) => Object.fromEntries(fieldsOf(getKind(kind)!.configSchema).map((f) => [f.key, f]));

describe("config schema introspection", () => {
  it("reads enums, bounded integers, lists, and number-or-literal unions with their descriptions", () => {
    const mix = byKey("mix");
    expect(mix.dedupe).toMatchObject({ type: "enum", optional: false });
    expect((mix.dedupe as { options: string[] }).options).toContain("none");
    expect(mix.weights).toMatchObject({ type: "numberList" });
    expect(mix.total).toMatchObject({ type: "numberOr", literal: "all", integer: true, min: 1 });
    expect(mix.dedupeField).toMatchObject({ type: "string", optional: true });
    expect(mix.seed).toMatchObject({ type: "number", integer: true });
    const code = byKey("code");
    expect(code.memoryMb).toMatchObject({ type: "number", optional: true, min: 8, max: 4096, integer: true });
    expect(code.source.description).toMatch(/JavaScript/);
  });

  it("gives every registered kind a form: each object schema yields fields", () => {
    for (const kind of NODE_KINDS) {
      if (kind.kind === "text") continue; // a union of modes, with a hand-written form
      expect(fieldsOf(kind.configSchema).length, kind.kind).toBeGreaterThan(0);
    }
  });

  it("splits lists on commas and spaces", () => {
    expect(parseList("a, b  c,,")).toEqual(["a", "b", "c"]);
    expect(parseList("")).toEqual([]);
  });
});
