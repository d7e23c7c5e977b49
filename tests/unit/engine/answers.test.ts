import { describe, expect, it } from "vitest";
import { choiceMap, extractChoice, extractJsonPath, extractLastNumber, extractRegex, normalizeText, parseNumber, toChoiceLetter } from "../../../src/shared/answers";
import { scoreAnswer } from "../../../src/shared/scoring/score";
import { accuracy, wilsonInterval } from "../../../src/shared/stats";
import { parseSetArgument, parseSetPath, setPath } from "../../../src/shared/pipeline/setPath";
import { extractFrom, normalizeExtracted } from "../../../src/main/engine/nodes/extract";

describe("answers", () => {
  it("extracts choice letters from the usual phrasings", () => {
    expect(extractChoice("Let me think... so the answer is (B).")).toBe("B");
    expect(extractChoice("Step 1: A is wrong.\nFinal answer: C")).toBe("C");
    expect(extractChoice("B. 42")).toBe("B");
    expect(extractChoice("I pick **D** here")).toBe("D");
    expect(extractChoice("d")).toBe("D");
    expect(extractChoice("The answer is (A). Wait, no: the answer is (E).")).toBe("E");
    expect(extractChoice("A cat sat.")).toBeNull();
    expect(extractChoice("Answer: F", "ABCD")).toBeNull();
  });

  it("extracts numbers, regex groups and JSON paths", () => {
    expect(extractLastNumber("3 apples and 1,200 pears, so 1,204.5 total")).toBe("1204.5");
    expect(extractLastNumber("it is -.5")).toBe("-0.5");
    expect(extractLastNumber("none")).toBeNull();
    expect(extractRegex("Final answer: 17", "answer:\\s*(\\d+)")).toBe("17");
    expect(extractRegex("x=3", "x=\\d")).toBe("x=3");
    expect(extractJsonPath('Here: ```json\n{"a": {"b": [5, 6]}}\n```', "$.a.b[1]")).toBe("6");
    expect(extractJsonPath('{"answer": "B", "why": {"k": 1}}', "$.why")).toBe('{"k":1}');
    expect(extractJsonPath("no json", "$.a")).toBeNull();
  });

  it("normalises and parses", () => {
    expect(normalizeText("  The  Answer: 42! ")).toBe("the answer 42");
    expect(parseNumber("$1,234.50")).toBe(1234.5);
    expect(parseNumber("3/4")).toBe(0.75);
    expect(parseNumber("45%")).toBe(45);
    expect(parseNumber("12 apples")).toBeNull();
  });

  it("maps answer texts to choice letters", () => {
    expect(choiceMap(["4", "5"]).get("B")).toBe("5");
    expect(choiceMap("A. red\nB. blue").get("B")).toBe("blue");
    expect(toChoiceLetter("5", ["4", "5", "6"])).toBe("B");
    expect(toChoiceLetter("Blue", { A: "red", B: "blue" })).toBe("B");
    expect(toChoiceLetter("(C)", ["x", "y", "z"])).toBe("C");
  });

  it("scores by method, auto by answer type", () => {
    expect(scoreAnswer("exact", "B", "B").correct).toBe(true);
    expect(scoreAnswer("exact", "b", "B").correct).toBe(false);
    expect(scoreAnswer("normalized", "Paris.", "paris").correct).toBe(true);
    expect(scoreAnswer("numeric", "12.0000001", "12").correct).toBe(true);
    expect(scoreAnswer("numeric", "13", "12", { tolerance: 0.1, relative: true }).correct).toBe(true);
    expect(scoreAnswer("numeric", "14", "12", { tolerance: 0.1, relative: true }).correct).toBe(false);
    expect(scoreAnswer("auto", "5", "B", { answerType: "multi_choice", choices: ["4", "5"] })).toMatchObject({ score: 1, correct: true, method: "choice", rule: "choice/letter", parsed: "B" });
    expect(scoreAnswer("auto", "7.0", "7", { answerType: "integer" }).method).toBe("numeric");
    expect(scoreAnswer("auto", "7.0", "7", { answerType: "integer" }).correct).toBe(true);
    expect(scoreAnswer("auto", "Seven", "seven", {}).method).toBe("normalized");
  });

  it("extract node methods with normalisation", () => {
    expect(extractFrom({ method: "trim" }, "  x ")).toBe("x");
    expect(normalizeExtracted({ method: "regex", pattern: "(.*)", normalize: "number" }, "1,000")).toBe("1000");
    expect(normalizeExtracted({ method: "regex", pattern: "(.*)", normalize: "choice" }, "(c)")).toBe("C");
    expect(normalizeExtracted({ method: "regex", pattern: "(.*)", normalize: "lowercase" }, " ABC ")).toBe("abc");
  });
});

describe("stats", () => {
  it("Wilson interval matches known values", () => {
    // Reference values (Newcombe 1998; statsmodels proportion_confint(method="wilson")).
    const a = wilsonInterval(81, 263);
    expect(a.low).toBeCloseTo(0.2553, 4);
    expect(a.high).toBeCloseTo(0.3662, 4);
    const b = wilsonInterval(0, 10);
    expect(b.low).toBe(0);
    expect(b.high).toBeCloseTo(0.2775, 4);
    const c = wilsonInterval(10, 10);
    expect(c.high).toBe(1);
    expect(c.low).toBeCloseTo(0.7225, 4);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    expect(accuracy(3, 4)).toMatchObject({ name: "accuracy", value: 0.75, n: 4 });
  });
});

describe("setPath", () => {
  const doc = { models: { r: { baseUrl: "a" } }, nodes: [{ id: "x", config: { t: 1 } }, { id: "y", config: {} }] };
  it("sets by dotted path, index and element id without changing the input", () => {
    expect(setPath(doc, "models.r.baseUrl", "b").models.r.baseUrl).toBe("b");
    expect(setPath(doc, "nodes[1].config.t", 2).nodes[1].config).toEqual({ t: 2 });
    expect(setPath(doc, "nodes.x.config.t", 5).nodes[0].config.t).toBe(5);
    expect(setPath(doc, "settings.concurrency", 4)).toMatchObject({ settings: { concurrency: 4 } });
    expect(doc.models.r.baseUrl).toBe("a");
    expect(() => setPath(doc, "nodes.z.config", 1)).toThrow(/no element with id "z"/);
    expect(() => setPath(doc, "models.r.baseUrl.x", 1)).toThrow(/is a string/);
    expect(parseSetPath('a[0]["b c"].d')).toEqual(["a", 0, "b c", "d"]);
    expect(() => parseSetPath("a..b")).toThrow();
  });
  it("parses values as JSON when they parse", () => {
    expect(parseSetArgument("a.b=3")).toEqual({ path: "a.b", value: 3 });
    expect(parseSetArgument("a.b=http://x:1/v1")).toEqual({ path: "a.b", value: "http://x:1/v1" });
    expect(parseSetArgument('a={"k":[1]}').value).toEqual({ k: [1] });
    expect(() => parseSetArgument("novalue")).toThrow(/PATH=VALUE/);
  });
});
