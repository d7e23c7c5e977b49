/**
 * The scorer corpus (tests/fixtures/scoring-corpus.jsonl): prediction, truth, answer type, choices, precision →
 * the expected verdict per preset. The mathvista and mmmu verdicts follow the official scripts' behaviour
 * except where a case's `differs` says otherwise (each such difference is listed in docs/SCORING.md).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scoreAnswer, SCORE_METHODS, type ScoreMethod } from "../../../src/shared/scoring/score";

interface Case {
  id: string;
  prediction: string;
  truth: string;
  answerType?: string;
  choices?: string[];
  precision?: number;
  tolerance?: number;
  relative?: boolean;
  note?: string;
  expect: Partial<Record<ScoreMethod, boolean>>;
  differs?: Partial<Record<ScoreMethod, string>>;
}

const cases: Case[] = readFileSync(join(__dirname, "../../fixtures/scoring-corpus.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l));

describe("scorer corpus", () => {
  it("has at least 150 cases, each with a verdict for a known preset", () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    for (const c of cases) {
      expect(Object.keys(c.expect).length, c.id).toBeGreaterThan(0);
      for (const m of Object.keys(c.expect)) expect(SCORE_METHODS, c.id).toContain(m);
    }
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it("covers the cases the issue lists", () => {
    const has = (p: string, t: string, method: ScoreMethod, verdict: boolean) =>
      cases.some((c) => c.prediction === p && c.truth === t && c.expect[method] === verdict);
    expect(has("-3", "3", "normalized", false)).toBe(true);
    expect(has("x=-2", "x=2", "normalized", false)).toBe(true);
    expect(has("5%", "$5", "normalized", false)).toBe(true);
    expect(has("−3", "-3", "normalized", true)).toBe(true);
    expect(cases.some((c) => c.choices && c.prediction === "(B)" && c.expect.mathvista === true)).toBe(true);
    expect(cases.some((c) => c.choices && c.prediction === "A." && c.expect.mathvista === true)).toBe(true);
    expect(cases.some((c) => c.choices && c.prediction === "a" && c.expect.mathvista === true)).toBe(true);
    expect(cases.some((c) => c.note?.includes("closest") && c.expect.mathvista !== undefined)).toBe(true);
    expect(cases.some((c) => c.answerType === "integer" && c.prediction === "7.9" && c.expect.mathvista === true)).toBe(true);
    expect(cases.some((c) => c.answerType === "float" && c.precision !== undefined && c.expect.mathvista === true)).toBe(true);
    expect(cases.some((c) => c.note?.includes("last bracketed letter") && c.expect.mmmu === true)).toBe(true);
    expect(has("3.14159", "3.14", "mmmu", true)).toBe(true);
    expect(cases.some((c) => c.tolerance !== undefined && c.expect.numeric === true)).toBe(true);
  });

  for (const c of cases) {
    for (const [method, verdict] of Object.entries(c.expect) as [ScoreMethod, boolean][]) {
      it(`${c.id} ${method}: ${JSON.stringify(c.prediction)} vs ${JSON.stringify(c.truth)}${c.answerType ? ` (${c.answerType})` : ""} → ${verdict ? "right" : "wrong"}`, () => {
        const out = scoreAnswer(method, c.prediction, c.truth, {
          answerType: c.answerType,
          choices: c.choices,
          precision: c.precision,
          tolerance: c.tolerance,
          relative: c.relative,
        });
        expect(out.correct, `${c.note ?? ""} (rule ${out.rule}, read as ${JSON.stringify(out.parsed)})`).toBe(verdict);
        expect(out.score).toBe(verdict ? 1 : 0);
        expect(out.rule.length).toBeGreaterThan(0);
      });
    }
  }
});
