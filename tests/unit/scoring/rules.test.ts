/** Each score verdict names the rule that decided it; Python's number semantics as the official scripts see them. */
import { describe, expect, it } from "vitest";
import { readPrecision } from "../../../src/main/engine/nodes/score";
import { scoreAnswer } from "../../../src/shared/scoring/score";
import { pyFloat, pyFloatStr, pyIntOfFloatStr, pyRound } from "../../../src/shared/scoring/python";
import { editDistance } from "../../../src/shared/scoring/editDistance";

const ch = ["4", "5", "6", "7"];

describe("score rules", () => {
  it("names the rule and what the prediction was read as", () => {
    expect(scoreAnswer("mathvista", "(B) 5", "5", { choices: ch })).toMatchObject({ rule: "mathvista/choice-bracketed-letter", parsed: "5", correct: true });
    expect(scoreAnswer("mathvista", "B", "5", { choices: ch })).toMatchObject({ rule: "mathvista/choice-letter", parsed: "5" });
    expect(scoreAnswer("mathvista", "6", "6", { choices: ch })).toMatchObject({ rule: "mathvista/choice-text" });
    expect(scoreAnswer("mathvista", "b.", "5", { choices: ch })).toMatchObject({ rule: "mathvista/choice-letter-loose", parsed: "5" });
    expect(scoreAnswer("mathvista", "6.0", "6", { choices: ch })).toMatchObject({ rule: "mathvista/choice-closest", parsed: "6" });
    expect(scoreAnswer("mathvista", "7.9", "7", { answerType: "integer" })).toMatchObject({ rule: "mathvista/integer", parsed: "7" });
    expect(scoreAnswer("mathvista", "12 cm", "12", { answerType: "integer" })).toMatchObject({ rule: "mathvista/integer-unreadable", parsed: null });
    expect(scoreAnswer("mathvista", "1.46", "1.5", { answerType: "float", precision: 1 })).toMatchObject({ rule: "mathvista/float", parsed: "1.5" });
    expect(scoreAnswer("mathvista", "Paris", "Paris", { answerType: "text" })).toMatchObject({ rule: "mathvista/text" });
    expect(scoreAnswer("mmmu", "(A) or (C)", "C", { choices: ch })).toMatchObject({ rule: "mmmu/choice-bracketed", parsed: "C" });
    expect(scoreAnswer("mmmu", "I pick C", "C", { choices: ch })).toMatchObject({ rule: "mmmu/choice-spaced" });
    expect(scoreAnswer("mmmu", "nothing here", "C", { choices: ch })).toMatchObject({ rule: "mmmu/choice-none", parsed: null, correct: false });
    expect(scoreAnswer("mmmu", "so it is 3.14159", "3.14")).toMatchObject({ rule: "mmmu/open-number", correct: true });
    expect(scoreAnswer("mmmu", "the capital is paris", "Paris")).toMatchObject({ rule: "mmmu/open-text", correct: true });
    expect(scoreAnswer("mmmu", "lyon", "Paris")).toMatchObject({ rule: "mmmu/open-no-match" });
    expect(scoreAnswer("normalized", "$5", "$5.00")).toMatchObject({ rule: "normalized/number", correct: true });
    expect(scoreAnswer("normalized", "x=-2", "x=2")).toMatchObject({ rule: "normalized/text", parsed: "x=-2", correct: false });
    expect(scoreAnswer("numeric", "so 12.", "12")).toMatchObject({ rule: "numeric/last-number", parsed: "12" });
    expect(scoreAnswer("numeric", "12", "twelve")).toMatchObject({ rule: "numeric/truth-not-a-number" });
    expect(scoreAnswer("exact", "B", "B")).toMatchObject({ rule: "exact", method: "exact" });
    expect(scoreAnswer("auto", "5", "B", { answerType: "text", choices: ch })).toMatchObject({ method: "choice", rule: "choice/letter", correct: true });
    expect(scoreAnswer("auto", "7", "7", { answerType: "float" })).toMatchObject({ method: "numeric", rule: "numeric/value" });
    expect(scoreAnswer("auto", "-3", "3", {})).toMatchObject({ method: "normalized", correct: false });
  });

  it("reads the precision input", () => {
    expect(readPrecision(undefined)).toBeUndefined();
    expect(readPrecision("")).toBeUndefined();
    expect(readPrecision(2)).toBe(2);
    expect(readPrecision("1.0")).toBe(1);
    expect(() => readPrecision("1.5")).toThrow(/input "precision" must be a whole number/);
    expect(() => readPrecision(-1)).toThrow(/precision/);
  });
});

describe("Python number semantics", () => {
  it("float(), round(), str() and int() as in CPython", () => {
    expect(pyFloat(" 1_000.5 ")).toBe(1000.5);
    expect(pyFloat("1,000")).toBeNull();
    expect(pyFloat("5.")).toBe(5);
    expect(pyFloat("−3")).toBeNull();
    expect(pyFloat("-Infinity")).toBe(-Infinity);
    expect(pyFloat("1__0")).toBeNull();
    // round(): the binary value, exact ties to even
    expect(pyRound(2.675, 2)).toBe(2.67);
    expect(pyRound(0.125, 2)).toBe(0.12);
    expect(pyRound(0.375, 2)).toBe(0.38);
    expect(pyRound(2.5, 0)).toBe(2);
    expect(pyRound(-2.5, 0)).toBe(-2);
    expect(pyRound(1.005, 2)).toBe(1);
    expect(pyRound(9.995, 2)).toBe(9.99);
    expect(pyRound(99.5, 0)).toBe(100);
    // str(float)
    expect(pyFloatStr(3)).toBe("3.0");
    expect(pyFloatStr(-0)).toBe("-0.0");
    expect(pyFloatStr(1e16)).toBe("1e+16");
    expect(pyFloatStr(123456789012345.6)).toBe("123456789012345.6");
    expect(pyFloatStr(0.0001)).toBe("0.0001");
    expect(pyFloatStr(0.00001)).toBe("1e-05");
    expect(pyFloatStr(1.5e-7)).toBe("1.5e-07");
    expect(pyFloatStr(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(pyIntOfFloatStr("-7.9")).toBe("-7");
    expect(pyIntOfFloatStr("1e20")).toBe("100000000000000000000");
    expect(pyIntOfFloatStr("nan")).toBeNull();
  });

  it("edit distance counts code points", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("😀a", "a")).toBe(1);
  });
});
