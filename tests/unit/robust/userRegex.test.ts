/**
 * User regexes (filter `matches`, extract's regex method) run on RE2 (#13 item 2): a catastrophic pattern ends
 * at once instead of freezing the process, and validation names the node and field of a pattern RE2 cannot
 * compile (backreferences, lookahead). The vitest time limit is what fails a hang here.
 */
import { describe, expect, it } from "vitest";
import { extractRegex } from "../../../src/shared/answers";
import { parseCondition } from "../../../src/shared/ddf/condition";
import { evaluateCondition } from "../../../src/shared/ddf/conditionEval";
import { formatProblem } from "../../../src/shared/pipeline/problems";
import { parsePipeline } from "../../../src/shared/pipeline/validate";
import { createRng } from "../../../src/shared/random";
import { compileUserRegex, userRegexProblem } from "../../../src/shared/userRegex";

const cond = (source: string) => {
  const r = parseCondition(source);
  if (!r.ok) throw new Error(r.error.message);
  return r.condition;
};

function pipeline(nodeConfig: { kind: string; config: Record<string, unknown> }) {
  const pos = { x: 0, y: 0 };
  return {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "regex",
    models: {},
    nodes: [
      { id: "data", kind: "dataset", position: pos, config: { source: { type: "inline", rows: [{ id: "1", a: "x" }] }, columns: [{ name: "a", type: "text" }], idColumn: "id" } },
      { id: "check", kind: nodeConfig.kind, position: pos, config: nodeConfig.config },
    ],
    edges: [{ id: "e1", source: "data", sourcePort: "a", target: "check", targetPort: nodeConfig.kind === "filter" ? "a" : "text" }],
  };
}

describe("catastrophic patterns end at once", () => {
  const evil = "a".repeat(41) + "!";
  it("a filter condition `a matches /^(a+)+$/` on a 41-character input", () => {
    expect(evaluateCondition(cond("a matches /^(a+)+$/"), { a: evil })).toEqual({ ok: true, value: false });
    expect(evaluateCondition(cond("a matches /^(a+)+$/"), { a: "a".repeat(41) })).toEqual({ ok: true, value: true });
  });

  it("the extract node's regex method", () => {
    expect(extractRegex(evil.repeat(1000), "^(a+)+$")).toBeNull();
    expect(extractRegex(`${"a".repeat(5000)}b`, "(a|aa)+b")).toBe("a");
    expect(extractRegex("x ".repeat(20000) + "answer: 42", "(x+x+)+y|answer: (\\d+)", "", 2)).toBe("42");
  });
});

describe("RE2 behaves like the JavaScript regexes users write", () => {
  it("groups, flags, escapes and captureless lookbehind", () => {
    expect(extractRegex("The answer is: 42.", "answer is:?\\s*(\\d+)")).toBe("42");
    expect(extractRegex("ANSWER: b", "answer: ([a-e])", "i")).toBe("b");
    expect(extractRegex("no group here", "group")).toBe("group");
    expect(extractRegex("line1\nanswer=7", "^answer=(\\d)$", "m")).toBe("7");
    expect(extractRegex("a\nb", "a.b", "s")).toBe("a\nb");
    expect(extractRegex("café", "caf\\u00e9")).toBe("café");
    expect(extractRegex("price: $5", "(?<=\\$)\\d")).toBe("5");
    expect(extractRegex("x: 1", "(?<name>\\d)")).toBe("1");
    expect(extractRegex("a/b", "a\\/b")).toBe("a/b");
    expect(compileUserRegex("(a)?b").exec("b")).toEqual(["b", undefined]);
    expect(evaluateCondition(cond("a matches /FIVE\\s+circles/i"), { a: "five  circles" })).toEqual({ ok: true, value: true });
  });

  it("refuses what RE2 cannot run, saying why", () => {
    expect(userRegexProblem("(a)\\1")).toMatch(/^backreferences such as \\1 .* are not supported \(user regexes run on RE2, which matches in linear time\)$/);
    expect(userRegexProblem("(?<n>a)\\k<n>")).toMatch(/^backreferences/);
    expect(userRegexProblem("a(?=b)")).toMatch(/^lookahead \(\?= …\) and \(\?! …\) is not supported/);
    expect(userRegexProblem("a(?!b)")).toMatch(/^lookahead/);
    expect(userRegexProblem("[a-")).toMatch(/^invalid regular expression \/\[a-\/: missing closing \]/);
    expect(userRegexProblem("a", "x")).toBe('unknown regular expression flag "x" (use i, m, s)');
    expect(userRegexProblem("a+", "gimsu")).toBeUndefined();
  });
});

describe("validation names the node and the field", () => {
  it("a filter condition with a backreference", () => {
    const { problems } = parsePipeline(pipeline({ kind: "filter", config: { condition: "a matches /(x)\\1/", inputs: ["a"] } }));
    expect(problems.map(formatProblem)).toEqual([
      'nodes[1].config.condition (node "check"): column 11: backreferences such as \\1 or \\k<name> are not supported (user regexes run on RE2, which matches in linear time) [bad-config]',
    ]);
  });

  it("an extract pattern with lookahead", () => {
    const { problems } = parsePipeline(pipeline({ kind: "extract", config: { method: "regex", pattern: "answer(?=:)" } }));
    expect(problems.map(formatProblem)).toEqual([
      'nodes[1].config.pattern (node "check"): lookahead (?= …) and (?! …) is not supported (user regexes run on RE2, which matches in linear time); match the next character instead, e.g. (?:[^A-Za-z0-9]|$) for (?![A-Za-z0-9]) [bad-config]',
    ]);
  });
});

describe("the templates' answer pattern", () => {
  it("the RE2 form (a trailing non-alphanumeric or the end) extracts what the lookahead form did", () => {
    const lookahead = /(?<![A-Za-z0-9])([A-E]|-?\d+(?:\.\d+)?)(?![A-Za-z0-9])/;
    const re2 = "(?<![A-Za-z0-9])([A-E]|-?\\d+(?:\\.\\d+)?)(?:[^A-Za-z0-9]|$)";
    const alphabet = "aBC3.5- \nx1E-9.";
    const rng = createRng(13);
    for (let k = 0; k < 20_000; k++) {
      let s = "";
      const n = 1 + Math.floor(rng.next() * 12);
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng.next() * alphabet.length)];
      expect(extractRegex(s, re2), JSON.stringify(s)).toBe(lookahead.exec(s)?.[1] ?? null);
    }
  });
});
