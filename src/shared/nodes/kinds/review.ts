import { z } from "zod";
import { defineKind } from "../kind";
import { portNameList } from "../../ddf/portNames";

export const REVIEW_DECISIONS = ["accept", "reject", "edit"] as const;
export type ReviewDecisionKind = (typeof REVIEW_DECISIONS)[number];

export const ReviewConfigSchema = z
  .object({
    instructions: z.string().describe("what the reviewer checks"),
    inputs: portNameList("input").min(1, "declare at least one input").describe("values shown to the reviewer; each passes through to the output of the same name"),
    editable: portNameList("editable field").describe("inputs the reviewer may edit (their edited values replace the inputs)"),
  })
  .strict()
  .superRefine((c, ctx) => {
    c.editable.forEach((name, i) => {
      if (!c.inputs.includes(name)) ctx.addIssue({ code: "custom", path: ["editable", i], message: `"${name}" is not an input (inputs: ${c.inputs.join(", ")})` });
    });
  });
export type ReviewConfig = z.infer<typeof ReviewConfigSchema>;

export const reviewKind = defineKind({
  kind: "review",
  title: "Human review",
  description: "A person accepts, rejects or edits each item; items wait (pending) until decided; rejected items are dropped.",
  category: "filter",
  mode: "per-item",
  mayDrop: true,
  report: "items",
  configSchema: ReviewConfigSchema,
  defaultConfig: (): ReviewConfig => ({ instructions: "Accept answers that are correct and well reasoned.", inputs: ["question", "answer"], editable: ["answer"] }),
  ports: (config) => ({
    inputs: config.inputs.map((name) => ({ name, type: "any", required: true })),
    outputs: config.inputs.map((name) => ({
      name,
      type: "any",
      description: config.editable.includes(name) ? `${name}, as edited by the reviewer` : `${name}, passed through`,
    })),
  }),
});
