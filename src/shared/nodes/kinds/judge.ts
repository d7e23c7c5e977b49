import { z } from "zod";
import { defineKind } from "../kind";
import { ModelParamsSchema } from "../../pipeline/schema";
import { parseTemplate, VARIABLE_NAME } from "../../template";
import type { PortDef } from "../../ports";

export const JudgeConfigSchema = z
  .object({
    model: z.string().min(1, "choose a model").describe("name of an entry in the pipeline's models"),
    system: z.string().optional(),
    rubric: z.string().min(1, "write the rubric").describe("what to judge and how; each {{var}} becomes an input port"),
    images: z
      .array(z.string().regex(VARIABLE_NAME, "image port names use letters, digits and _"))
      .optional()
      .describe("names of image input ports shown to the judge"),
    labels: z
      .array(z.string().trim().min(1, "a label cannot be empty"))
      .max(32)
      .describe('allowed labels, e.g. ["clear", "ambiguous", "unanswerable"]; empty: score only'),
    scoreMin: z.number().describe("lowest score"),
    scoreMax: z.number().describe("highest score"),
    params: ModelParamsSchema.optional().describe("overrides the model's default params; json is always on"),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.scoreMin >= c.scoreMax) ctx.addIssue({ code: "custom", path: ["scoreMax"], message: `scoreMax (${c.scoreMax}) must be above scoreMin (${c.scoreMin})` });
    const seen = new Set<string>();
    c.labels.forEach((l, i) => {
      if (seen.has(l.toLowerCase())) ctx.addIssue({ code: "custom", path: ["labels", i], message: `label "${l}" is listed twice (labels match without case)` });
      seen.add(l.toLowerCase());
    });
  });
export type JudgeConfig = z.infer<typeof JudgeConfigSchema>;

export function judgeInputs(config: JudgeConfig): PortDef[] {
  const inputs: PortDef[] = parseTemplate(config.rubric).variables.map((name) => ({ name, type: "text", required: true }));
  for (const name of config.images ?? []) if (!inputs.some((p) => p.name === name)) inputs.push({ name, type: "image", required: true });
  return inputs;
}

export const judgeKind = defineKind({
  kind: "judge",
  title: "LLM judge",
  description: "An LLM rates each item by a rubric: a score in a range, a label from a list and a reason (asked for as JSON).",
  category: "evaluate",
  mode: "per-item",
  configSchema: JudgeConfigSchema,
  defaultConfig: (): JudgeConfig => ({
    model: "",
    rubric: "Is this question clear and answerable from the picture?\n\nQuestion: {{question}}",
    labels: ["clear", "ambiguous", "unanswerable"],
    scoreMin: 1,
    scoreMax: 5,
  }),
  ports: (config) => ({
    inputs: judgeInputs(config),
    outputs: [
      { name: "score", type: "number", description: `from scoreMin to scoreMax` },
      { name: "label", type: "text", description: "one of the labels" },
      { name: "reason", type: "text", description: "the judge's reason" },
    ],
  }),
  modelRefs: (config) => (config.model ? [config.model] : []),
  callParams: (config) => config.params,
  report: "labels",
  templates: (config) => [{ field: "rubric", text: config.rubric }, ...(config.system ? [{ field: "system", text: config.system }] : [])],
});
