import { describe, expect, it } from "vitest";
import { parseCondition, type Condition } from "../../../src/shared/ddf/condition";
import { failedClause, formatClauseValues } from "../../../src/shared/ddf/conditionClause";

function cond(source: string): Condition {
  const r = parseCondition(source);
  if (!r.ok) throw new Error(`column ${r.error.column}: ${r.error.message}`);
  return r.condition;
}

describe("condition: the failing clause and its values", () => {
  const seat = 'correct == true && label == "sound" && score >= 4';

  it("names the first false clause of a top-level && chain, with only the values it read", () => {
    expect(failedClause(cond(seat), { correct: true, label: "flawed", score: 5 })).toEqual({ clause: 'label == "sound"', values: { label: "flawed" } });
    expect(failedClause(cond(seat), { correct: false, label: "flawed", score: 1 })).toEqual({ clause: "correct == true", values: { correct: false } });
    expect(failedClause(cond(seat), { correct: "true", label: "sound", score: "3" })).toEqual({ clause: "score >= 4", values: { score: "3" } });
  });

  it("is undefined when the condition holds or cannot be evaluated", () => {
    expect(failedClause(cond(seat), { correct: true, label: "sound", score: 4 })).toBeUndefined();
    expect(failedClause(cond("score < 4"), { score: [1] })).toBeUndefined();
  });

  it("keeps a clause as written: parentheses, nested || and fields, extra spaces", () => {
    const c = cond('  (label == "a" || label == "b")   &&  judge.scores[0] >= 3 && !(text matches /^\\s*$/)  ');
    expect(failedClause(c, { label: "c", judge: { scores: [5] }, text: "x" })).toEqual({ clause: '(label == "a" || label == "b")', values: { label: "c" } });
    expect(failedClause(c, { label: "a", judge: { scores: [2] }, text: "x" })).toEqual({ clause: "judge.scores[0] >= 3", values: { "judge.scores[0]": 2 } });
    expect(failedClause(c, { label: "a", judge: { scores: [3] }, text: " " })).toEqual({ clause: "!(text matches /^\\s*$/)", values: { text: " " } });
  });

  it("gives the whole condition when it is not an && chain; a missing value is null", () => {
    expect(failedClause(cond('label == "a" || score > 2'), { label: "b" })).toEqual({ clause: 'label == "a" || score > 2', values: { label: "b", score: null } });
    expect(failedClause(cond("(ok && n > 1)"), { ok: true, n: 0 })).toEqual({ clause: "n > 1", values: { n: 0 } });
    expect(failedClause(cond("ok"), {})).toEqual({ clause: "ok", values: { ok: null } });
  });

  it("cuts long values, and formats values on one line", () => {
    const long = "x".repeat(500);
    const r = failedClause(cond('text == "y"'), { text: long })!;
    expect((r.values.text as string).length).toBe(200);
    expect(formatClauseValues({ label: "flawed", score: 3, missing: null })).toBe('label="flawed", score=3, missing=null');
  });
});
