import { describe, expect, it } from "vitest";
import { parseCondition, type Condition } from "../../../src/shared/ddf/condition";
import { describeConditionValues, evaluateCondition } from "../../../src/shared/ddf/conditionEval";

function cond(source: string): Condition {
  const r = parseCondition(source);
  if (!r.ok) throw new Error(`column ${r.error.column}: ${r.error.message}`);
  return r.condition;
}
const run = (source: string, values: Record<string, unknown>) => evaluateCondition(cond(source), values);

describe("condition: evaluation", () => {
  const values = {
    label: "clear",
    score: 4,
    scoreText: "3",
    ok: true,
    reason: "the picture shows five circles",
    judge: { label: "ambiguous", score: 2, tags: ["a", "b"] },
    list: [1, 2, 3],
    empty: "",
    nothing: null,
  };
  const cases: [string, boolean][] = [
    ['label == "clear" && score >= 4', true],
    ['label == "clear" && score > 4', false],
    ["score != 4 || ok", true],
    ["!(score < 4)", true],
    ["!ok", false],
    ["scoreText >= 3 && scoreText < 4", true],
    ['scoreText == 3 && score == "4"', true],
    ['ok == "true"', true],
    ["judge.label == 'ambiguous' && judge.score <= 2", true],
    ["judge.tags[1] == 'b'", true],
    ["judge.missing.deeper == null", true],
    ['reason matches /five\\s+circles/', true],
    ['reason matches /FIVE/i', true],
    ['reason matches /^five/', false],
    ['reason contains "circles"', true],
    ['list contains 2', true],
    ['judge.tags contains "c"', false],
    ['judge contains "label"', true],
    ['label in ["clear", "ambiguous"]', true],
    ['judge.label in ["clear"]', false],
    ['"shows" in reason', true],
    ["len(reason) > 20 && len(list) == 3 && len(judge) == 3 && len(nothing) == 0", true],
    ["empty", false],
    ["list", true],
    ["nothing < 3", false],
    ["nothing matches /x/", false],
    ["score == -4 || score > -1", true],
    ["true && !false && null == null", true],
    ["a || b", false],
  ];
  it.each(cases)("%s → %s", (source, expected) => {
    expect(run(source, values)).toEqual({ ok: true, value: expected });
  });

  it("&& binds tighter than ||", () => {
    expect(run("true || false && false", {})).toEqual({ ok: true, value: true });
    expect(run("(true || false) && false", {})).toEqual({ ok: true, value: false });
  });

  it("reports type errors with the column", () => {
    expect(run('label < [1]', values)).toEqual({ ok: false, error: 'column 7: cannot compare string "clear" < list [1]' });
    expect(run("len(score) > 1", values)).toEqual({ ok: false, error: "column 1: len() needs a text, list or object, got number 4" });
    expect(run("score contains 4", values)).toEqual({ ok: false, error: "column 7: contains needs a text, list or object, got number 4" });
  });

  it("lists its inputs and paths, and describes their values for a drop reason", () => {
    const c = cond('judge.label == "clear" && score >= 4 && judge.label != label');
    expect(c.inputs).toEqual(["judge", "score", "label"]);
    expect(c.paths).toEqual(["judge.label", "score", "label"]);
    expect(describeConditionValues(c, values)).toBe('judge.label="ambiguous", score=4, label="clear"');
  });
});

describe("condition: parse errors name the column", () => {
  const cases: [string, number, RegExp][] = [
    ["", 1, /empty/],
    ['label = "clear"', 7, /unexpected character "=" \(use == to compare\)/],
    ["score >= ", 10, /expected a value, found the end of the condition/],
    ["(score > 3", 11, /expected "\)" to close "\(" at column 1/],
    ['label == "clear', 10, /unterminated string/],
    ["reason matches /abc", 16, /unterminated regular expression/],
    ["reason matches /a(/", 16, /invalid regular expression/],
    ["reason matches /a/x", 19, /unknown regular expression flags "x"/],
    ["reason matches 3", 16, /expected \/regex\/ after "matches"/],
    ["score > 3 label", 11, /unexpected "label" \(combine conditions with && or \|\|\)/],
    ["score & ok", 7, /use && or \|\|/],
    ["judge. == 1", 8, /expected a field name after "\."/],
    ['label in ["a", "b"', 19, /expected "\]" to close "\[" at column 10/],
    ["contains 3", 1, /"contains" needs a value on its left/],
    ["len score", 5, /expected "\(" after "len"/],
  ];
  it.each(cases)("%s", (source, column, message) => {
    const r = parseCondition(source);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.column).toBe(column);
      expect(r.error.message).toMatch(message);
    }
  });
});
