import { z } from "zod";
import { defineKind } from "../kind";
import { userRegexProblem } from "../../userRegex";

export const ExtractConfigSchema = z
  .object({
    method: z
      .enum(["final-answer", "regex", "jsonPath", "choice", "number", "trim"])
      .describe(
        "final-answer: the last Final answer / Answer line, else the last option letter or number (docs/SCORING.md); regex: a capture group; jsonPath: a field of a JSON reply; choice: a multiple-choice letter; number: the last number",
      ),
    pattern: z.string().optional().describe("regex: the pattern"),
    flags: z.string().regex(/^[gimsuy]*$/, "regex flags are among g, i, m, s, u, y").optional(),
    group: z.number().int().min(0).optional().describe("regex: capture group (1 when absent, 0 when the pattern has none)"),
    path: z.string().optional().describe("jsonPath: e.g. $.answer or $.steps[0].value"),
    letters: z.string().regex(/^[A-Z]{2,26}$/, "letters such as ABCDE").optional().describe("choice, final-answer: allowed letters (final-answer: when the item has no choices)"),
    guess: z
      .boolean()
      .optional()
      .describe("final-answer: without an answer line, take the last option letter or number (default true; false: only a bare answer or an answer line decides)"),
    normalize: z.enum(["none", "lowercase", "choice", "number"]).optional().describe("applied to what was extracted"),
    /** What to output when nothing matches; absent means the item fails at this node. */
    fallback: z.string().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.method === "regex") {
      if (!c.pattern) ctx.addIssue({ code: "custom", path: ["pattern"], message: "a regex extraction needs a pattern" });
      else {
        const problem = userRegexProblem(c.pattern, c.flags);
        if (problem) ctx.addIssue({ code: "custom", path: ["pattern"], message: problem });
      }
    }
    if (c.method === "jsonPath" && !c.path) ctx.addIssue({ code: "custom", path: ["path"], message: "a jsonPath extraction needs a path" });
  });
export type ExtractConfig = z.infer<typeof ExtractConfigSchema>;

export const extractKind = defineKind({
  kind: "extract",
  title: "Extract",
  description: "Pulls the answer out of a reply: final answer, regex, JSON path, multiple-choice letter or number.",
  category: "transform",
  mode: "per-item",
  configSchema: ExtractConfigSchema,
  defaultConfig: (): ExtractConfig => ({ method: "choice", letters: "ABCDE" }),
  summary: (config) => (typeof config.method === "string" ? `method: ${config.method}` : null),
  form: "custom",
  ports: (config) => ({
    inputs: [
      { name: "text", type: "text", required: true },
      ...(config.method === "final-answer"
        ? [{ name: "choices", type: "json" as const, required: false, description: "the item's options: the answer is then an option letter" }]
        : []),
    ],
    outputs: [
      { name: "value", type: "text" },
      ...(config.method === "final-answer"
        ? [{ name: "rule", type: "text" as const, description: "which rule found it: whole-reply, answer-line, last-letter, last-number, or fallback" }]
        : []),
    ],
  }),
});
