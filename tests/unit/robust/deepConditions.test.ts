/**
 * Deep nesting and long chains in filter conditions (#13 item 4): 2,000 nested parentheses are refused with
 * a clear error (not "Maximum call stack size exceeded"); 20,000 `||` terms parse, validate and evaluate.
 */
import { describe, expect, it } from "vitest";
import { MAX_NESTING, parseCondition } from "../../../src/shared/ddf/condition";
import { describeConditionValues, evaluateCondition } from "../../../src/shared/ddf/conditionEval";
import { formatProblem } from "../../../src/shared/pipeline/problems";
import { parsePipeline } from "../../../src/shared/pipeline/validate";

function filterPipeline(condition: string) {
  const pos = { x: 0, y: 0 };
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "deep",
    models: {},
    nodes: [
      { id: "data", kind: "dataset", position: pos, config: { source: { type: "inline", rows: [{ id: "1", a: "x" }] }, columns: [{ name: "a", type: "text" }], idColumn: "id" } },
      { id: "keep", kind: "filter", position: pos, config: { condition, inputs: ["a"] } },
    ],
    edges: [{ id: "e1", source: "data", sourcePort: "a", target: "keep", targetPort: "a" }],
  };
}

describe("nesting is limited", () => {
  it.each([
    ["2,000 parentheses", `${"(".repeat(2000)}a == 1${")".repeat(2000)}`],
    ["2,000 !", `${"!".repeat(2000)}a`],
    ["2,000 len(", `${"len(".repeat(2000)}a${")".repeat(2000)} > 0`],
    ["2,000 lists", `a in ${"[".repeat(2000)}1${"]".repeat(2000)}`],
    ["100,000 parentheses", `${"(".repeat(100_000)}a`],
  ])("%s: a clear error at the level that is too deep", (_name, source) => {
    const r = parseCondition(source);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe(`nested more than ${MAX_NESTING} levels deep (parentheses, !, len( and [ ] count)`);
  });

  it(`${MAX_NESTING} levels are fine`, () => {
    const r = parseCondition(`${"(".repeat(MAX_NESTING)}a == 1${")".repeat(MAX_NESTING)}`);
    expect(r.ok).toBe(true);
    if (r.ok) expect(evaluateCondition(r.condition, { a: 1 })).toEqual({ ok: true, value: true });
  });

  it("validation reports it on the filter's condition", () => {
    const { problems } = parsePipeline(filterPipeline(`${"(".repeat(2000)}a == 1${")".repeat(2000)}`));
    expect(problems.map(formatProblem)).toEqual([
      `nodes[1].config.condition (node "keep"): column ${MAX_NESTING + 1}: nested more than ${MAX_NESTING} levels deep (parentheses, !, len( and [ ] count) [bad-config]`,
    ]);
  });
});

describe("long flat chains", () => {
  const terms = (n: number, op: string) => Array.from({ length: n }, (_, i) => `a == ${i}`).join(` ${op} `);

  it("20,000 || terms parse, validate and evaluate", () => {
    const source = terms(20_000, "||");
    expect(parsePipeline(filterPipeline(source)).problems).toEqual([]);
    const r = parseCondition(source);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(evaluateCondition(r.condition, { a: 19_999 })).toEqual({ ok: true, value: true });
    expect(evaluateCondition(r.condition, { a: -1 })).toEqual({ ok: true, value: false });
    expect(describeConditionValues(r.condition, { a: -1 })).toBe("a=-1");
  });

  it("20,000 && terms over 20,000 fields, with a short drop reason", () => {
    const source = Array.from({ length: 20_000 }, (_, i) => `a.f${i} != 1`).join(" && ");
    const r = parseCondition(source);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.condition.paths).toHaveLength(20_000);
    expect(evaluateCondition(r.condition, { a: {} })).toEqual({ ok: true, value: true });
    expect(describeConditionValues(r.condition, { a: { f0: 1 } })).toMatch(/^a\.f0=1, a\.f1=null, .* and 19980 more$/);
  });
});

describe("deeply nested JSON values in a document", () => {
  it("are refused with the path where they start, not a stack overflow later", () => {
    const doc = filterPipeline("a == 1") as { nodes: { config: { source: { rows: Record<string, unknown>[] } } }[] };
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    doc.nodes[0].config.source.rows[0].a = deep;
    const { problems } = parsePipeline(doc);
    expect(problems.map(formatProblem)).toEqual([
      'nodes[0].config.source.rows[0].a[0]… (node "data"): nested more than 200 levels deep (arrays and objects inside each other) [bad-document]',
    ]);
  });
});
