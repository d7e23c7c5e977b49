/** Final-answer extraction (the extract node's final-answer method): the cases and the usual phrasings. */
import { describe, expect, it } from "vitest";
import { extractFinalAnswer } from "../../../src/shared/scoring/finalAnswer";

const fa = (text: string, opts = {}) => extractFinalAnswer(text, opts);
const ch = ["4", "5", "6", "7"];

describe("final-answer", () => {
  it("takes the last Final answer / Answer line, case-insensitive", () => {
    expect(fa("Step 1: 3 circles, 2 more.\nThe answer is 12.\nFinal answer: 12")).toEqual({ value: "12", rule: "answer-line" });
    expect(fa("Step 1: … Answer: 12")).toEqual({ value: "12", rule: "answer-line" });
    expect(fa("final ANSWER: 7\nwait, recheck.\nFINAL answer: 8")).toEqual({ value: "8", rule: "answer-line" });
    expect(fa("Final answer: 12\nI hope this answer is right.")).toEqual({ value: "12", rule: "answer-line" });
    expect(fa("**Final Answer:** **42**")?.value).toBe("42");
    expect(fa("Final answer: $\\boxed{3}$")?.value).toBe("3");
    expect(fa("Final answer:\n\n  9")?.value).toBe("9");
    expect(fa("So the answer is probably 12.")?.value).toBe("12");
    expect(fa("Final answer: x = -2")?.value).toBe("-2");
    expect(fa("Final answer: Paris.")?.value).toBe("Paris");
  });

  it("reads numbers as written", () => {
    expect(fa("Final answer: 1,000")?.value).toBe("1000");
    expect(fa("Final answer: −3")?.value).toBe("-3");
    expect(fa("Final answer: 1/2")?.value).toBe("1/2");
    expect(fa("Final answer: .5")?.value).toBe("0.5");
    expect(fa("Final answer: 12 cm")?.value).toBe("12");
    expect(fa("Final answer: $5")?.value).toBe("5");
    expect(fa("Final answer: 45%")?.value).toBe("45");
    expect(fa("Final answer: -0.25.")?.value).toBe("-0.25");
  });

  it("reads letters: (B), B., b, Option B; options map text to letters", () => {
    expect(fa("Final answer: b")?.value).toBe("B");
    expect(fa("Final answer: (C) 6", { choices: ch })?.value).toBe("C");
    expect(fa("Final answer: B. 5", { choices: ch })?.value).toBe("B");
    expect(fa("Final answer: Option D", { choices: ch })?.value).toBe("D");
    expect(fa("Final answer: 6", { choices: ch })).toEqual({ value: "C", rule: "answer-line" });
    expect(fa("Answer: blue", { choices: ["red", "blue"] })?.value).toBe("B");
    expect(fa("Final answer: F", { choices: ch })).toBeNull();
    expect(fa("Final answer: E")?.value).toBe("E");
  });

  it("a reply that already is an answer needs nothing else", () => {
    expect(fa("12")).toEqual({ value: "12", rule: "whole-reply" });
    expect(fa(" −3 ")).toEqual({ value: "-3", rule: "whole-reply" });
    expect(fa("B")).toEqual({ value: "B", rule: "whole-reply" });
    expect(fa("(b)", { choices: ch })).toEqual({ value: "B", rule: "whole-reply" });
    expect(fa("5", { choices: ch })).toEqual({ value: "B", rule: "whole-reply" });
    expect(fa("**7**")).toEqual({ value: "7", rule: "whole-reply" });
  });

  it("else the last option letter or number, unless guessing is off", () => {
    expect(fa("3 circles and 4 squares make 7")).toEqual({ value: "7", rule: "last-number" });
    expect(fa("I first thought (A) but it is (C).", { choices: ch })).toEqual({ value: "C", rule: "last-letter" });
    expect(fa("Option B has 5, so 5 it is")).toEqual({ value: "5", rule: "last-number" });
    expect(fa("There are 5 of them, so (B)")).toEqual({ value: "B", rule: "last-letter" });
    expect(fa("3 circles and 4 squares make 7", { guess: false })).toBeNull();
    expect(fa("12 cm", { guess: false })).toBeNull();
    expect(fa("I cannot tell.")).toBeNull();
  });
});
