import { describe, expect, it } from "vitest";
import { parseJudgeReply, type JudgeReplySpec } from "../../../src/shared/ddf/judgeReply";
import { judgeUserMessage } from "../../../src/shared/ddf/judgePrompt";

const spec: JudgeReplySpec = { labels: ["clear", "ambiguous", "unanswerable"], scoreMin: 1, scoreMax: 5 };

describe("parseJudgeReply: reply shapes", () => {
  const cases: [string, string, { score: number; label: string; reason: string }, string][] = [
    ["strict JSON", '{"score": 4, "label": "clear", "reason": "well posed"}', { score: 4, label: "clear", reason: "well posed" }, "json"],
    ["strict JSON, label in another case", '{"score": 2, "label": "AMBIGUOUS", "reason": "two readings"}', { score: 2, label: "ambiguous", reason: "two readings" }, "json"],
    ["```json fence", 'Here is my verdict:\n```json\n{"score": 5, "label": "clear", "reason": "ok"}\n```\nThanks', { score: 5, label: "clear", reason: "ok" }, "fenced-json"],
    ["bare ``` fence with trailing comma", '```\n{"score": 3, "label": "ambiguous", "reason": "hm",}\n```', { score: 3, label: "ambiguous", reason: "hm" }, "fenced-json"],
    ["JSON inside prose", 'I think {"score": 1, "label": "unanswerable", "reason": "no image"} is fair.', { score: 1, label: "unanswerable", reason: "no image" }, "embedded-json"],
    ["single quotes and unquoted keys", "{score: 4, label: 'clear', reason: 'fine',}", { score: 4, label: "clear", reason: "fine" }, "embedded-json"],
    ["score as a string fraction", '{"score": "4/5", "label": "clear", "reason": "r"}', { score: 4, label: "clear", reason: "r" }, "json"],
    ["key-value lines", "Score: 4/5\nLabel: clear\nReason: the question names the shape.", { score: 4, label: "clear", reason: "the question names the shape." }, "key-value"],
    ["markdown bold key-value, multi-line reason", "**Score:** 2\n**Label:** Ambiguous.\n**Reason:** it could mean\nthe bars or the axis", { score: 2, label: "ambiguous", reason: "it could mean\nthe bars or the axis" }, "key-value"],
    ["aliases: rating / verdict / rationale", '{"Rating": 5, "Verdict": "clear", "Rationale": "good"}', { score: 5, label: "clear", reason: "good" }, "json"],
    ["label with an explanation after it", "Score: 3 out of 5\nLabel: clear (mostly)\n", { score: 3, label: "clear", reason: "" }, "key-value"],
    ["JSON missing the label, found in the prose", 'Label: unanswerable\n{"score": 1, "reason": "blank"}', { score: 1, label: "unanswerable", reason: "blank" }, "embedded-json"],
    ["Python literals and comments", "```json\n{'score': 5, # sure\n 'label': 'clear', 'reason': None}\n```", { score: 5, label: "clear", reason: "" }, "fenced-json"],
  ];
  it.each(cases)("%s", (_name, reply, verdict, source) => {
    const r = parseJudgeReply(reply, spec);
    expect(r).toEqual({ ok: true, verdict, source });
  });

  it("accepts any label (or none) when the spec has no labels", () => {
    expect(parseJudgeReply('{"score": 0.5}', { labels: [], scoreMin: 0, scoreMax: 1 })).toEqual({
      ok: true,
      source: "json",
      verdict: { score: 0.5, label: "", reason: "" },
    });
  });
});

describe("parseJudgeReply: errors", () => {
  it("names both missing fields of an unparseable reply", () => {
    const r = parseJudgeReply("I cannot judge this, sorry.", spec);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain("no score (expected a number from 1 to 5)");
      expect(r.error).toContain("no label (expected one of clear, ambiguous, unanswerable)");
      expect(r.error).toContain("I cannot judge this");
    }
  });
  it("names the missing label only", () => {
    const r = parseJudgeReply('{"score": 3, "reason": "x"}', spec);
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^judge reply has no label \(expected one of clear, ambiguous, unanswerable\)/) });
  });
  it("refuses a label outside the list", () => {
    expect(parseJudgeReply('{"score": 3, "label": "great", "reason": "x"}', spec)).toEqual({
      ok: false,
      error: 'judge reply: label "great" is not one of clear, ambiguous, unanswerable',
    });
  });
  it("refuses a score outside the range", () => {
    expect(parseJudgeReply('{"score": 7, "label": "clear"}', spec)).toEqual({ ok: false, error: "judge reply: score 7 is outside the range 1..5" });
  });
  it("refuses a score that is not a number", () => {
    const r = parseJudgeReply('{"score": "high", "label": "clear"}', spec);
    expect(r).toEqual({ ok: false, error: 'judge reply: score "high" is not a number (expected a number from 1 to 5)' });
  });
  it("an empty reply is an error", () => {
    expect(parseJudgeReply("", spec).ok).toBe(false);
  });
});

describe("judgeUserMessage", () => {
  it("appends the JSON format with the range and labels", () => {
    const msg = judgeUserMessage("Rate the question: Q", spec);
    expect(msg).toMatch(/^Rate the question: Q\n\nReply with only a JSON object/);
    expect(msg).toContain("a number from 1 to 5");
    expect(msg).toContain('"clear", "ambiguous", "unanswerable"');
  });
});
