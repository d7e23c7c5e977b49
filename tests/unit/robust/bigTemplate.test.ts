/**
 * The template parser copies text between tags in pieces (#13 item 12: a 10 MB template took 8 s to validate;
 * bench/bigTemplate.ts measures it). Here: the same parts and errors as before on big and tricky inputs.
 */
import { describe, expect, it } from "vitest";
import { parseTemplate, renderTemplate } from "../../../src/shared/template";

describe("parseTemplate on big and escaped text", () => {
  it("a 2 MB template: every tag found, the text between kept whole", () => {
    const chunk = "Count the {{question}} carefully; \\{{not a tag}} and \\\\{{image}} ok. ";
    const source = chunk.repeat(30_000);
    const parsed = parseTemplate(source);
    expect(parsed.errors).toEqual([]);
    expect(parsed.variables).toEqual(["question", "image"]);
    expect(parsed.parts.filter((p) => p.kind === "var")).toHaveLength(60_000);
    expect(renderTemplate(parsed, { question: "Q", image: "I" })).toBe("Count the Q carefully; {{not a tag}} and \\I ok. ".repeat(30_000));
  });

  it("escapes at the very start, unclosed and empty tags", () => {
    expect(parseTemplate("\\{{a}}").parts).toEqual([{ kind: "text", text: "{{a}}" }]);
    expect(parseTemplate("\\\\{{a}}").parts).toEqual([{ kind: "text", text: "\\" }, { kind: "var", name: "a", start: 2, end: 7 }]);
    expect(parseTemplate("x {{ a").errors.map((e) => e.offset)).toEqual([2]);
    expect(parseTemplate("{{}} {{a}}").errors.map((e) => e.message)).toEqual(["empty tag `{{}}`: put a variable name between the braces"]);
    expect(parseTemplate("no tags at all").parts).toEqual([{ kind: "text", text: "no tags at all" }]);
  });
});
