import { describe, expect, it } from "vitest";
import { parseTemplate, renderTemplate, templateVariables } from "../../../src/shared/template";

const render = (source: string, values: Record<string, string>) => renderTemplate(parseTemplate(source), values);

describe("template variables", () => {
  it("lists distinct variables in order of first use", () => {
    expect(templateVariables("{{b}} then {{a}}, again {{b}} and {{c}} {{a}}")).toEqual(["b", "a", "c"]);
  });

  it("allows spaces inside the braces", () => {
    expect(templateVariables("{{ question }} {{\tchoices\t}}")).toEqual(["question", "choices"]);
  });

  it("has none in plain text, stray closing braces or single braces", () => {
    expect(templateVariables("no tags }} here { x } {y}")).toEqual([]);
    expect(parseTemplate("no tags }} here").errors).toEqual([]);
  });

  it("records each tag's offsets", () => {
    const parts = parseTemplate("Q: {{question}}!").parts;
    expect(parts).toEqual([
      { kind: "text", text: "Q: " },
      { kind: "var", name: "question", start: 3, end: 15 },
      { kind: "text", text: "!" },
    ]);
  });
});

describe("escaping", () => {
  it("\\{{ writes literal braces and defines no variable", () => {
    const parsed = parseTemplate("JSON like \\{{ \"a\": 1 }} and {{x}}");
    expect(parsed.variables).toEqual(["x"]);
    expect(parsed.errors).toEqual([]);
    expect(renderTemplate(parsed, { x: "X" })).toBe('JSON like {{ "a": 1 }} and X');
  });

  it("\\\\{{ writes a backslash followed by a real tag", () => {
    const parsed = parseTemplate("path\\\\{{dir}}");
    expect(parsed.variables).toEqual(["dir"]);
    expect(renderTemplate(parsed, { dir: "tmp" })).toBe("path\\tmp");
  });

  it("keeps a backslash that is not before braces", () => {
    expect(render("a\\b {{x}}", { x: "1" })).toBe("a\\b 1");
  });
});

describe("template errors", () => {
  it("reports an unclosed tag with its line and column", () => {
    const { errors, variables } = parseTemplate("first line\n  second {{name\nthird");
    expect(variables).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ line: 2, column: 10, offset: 20 });
    expect(errors[0].message).toMatch(/unclosed tag/);
    expect(errors[0].message).toContain("\\{{");
  });

  it("reports an unclosed tag followed by a good one, and keeps the good one", () => {
    const { errors, variables } = parseTemplate("{{a {{b}}");
    expect(errors.map((e) => [e.line, e.column])).toEqual([[1, 1]]);
    expect(variables).toEqual(["b"]);
  });

  it("reports empty tags", () => {
    for (const source of ["{{}}", "x {{   }}"]) {
      const { errors } = parseTemplate(source);
      expect(errors, source).toHaveLength(1);
      expect(errors[0].message).toMatch(/empty tag/);
    }
  });

  it("reports invalid variable names and does not count them as variables", () => {
    for (const name of ["1st", "a-b", "two words", "é", "a.b"]) {
      const { errors, variables } = parseTemplate(`ok {{${name}}}`);
      expect(variables, name).toEqual([]);
      expect(errors, name).toHaveLength(1);
      expect(errors[0].message).toContain(`invalid variable name "${name}"`);
      expect(errors[0].column).toBe(4);
    }
  });

  it("reports every error, not only the first", () => {
    const { errors } = parseTemplate("{{}} {{1x}}\n{{ok}} {{open");
    expect(errors.map((e) => `${e.line}:${e.column}`)).toEqual(["1:1", "1:6", "2:8"]);
  });

  it("accepts names with letters, digits and underscores", () => {
    const { errors, variables } = parseTemplate("{{_a}} {{answer_type}} {{Q2}}");
    expect(errors).toEqual([]);
    expect(variables).toEqual(["_a", "answer_type", "Q2"]);
  });
});

describe("rendering", () => {
  it("fills every occurrence", () => {
    expect(render("{{a}} + {{a}} = {{b}}", { a: "2", b: "4" })).toBe("2 + 2 = 4");
  });

  it("writes a missing value as empty text", () => {
    expect(render("[{{a}}][{{b}}]", { a: "x" })).toBe("[x][]");
  });

  it("does not re-expand tags inside values", () => {
    expect(render("{{a}}", { a: "{{b}}", b: "no" })).toBe("{{b}}");
  });

  it("keeps text with several lines as it is", () => {
    expect(render("line 1\n{{x}}\n\nline 4\n", { x: "two\nlines" })).toBe("line 1\ntwo\nlines\n\nline 4\n");
  });
});
