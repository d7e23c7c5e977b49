import { z } from "zod";
import { defineKind } from "../kind";
import { parseCondition } from "../../ddf/condition";
import { portNameList } from "../../ddf/portNames";

export const FilterConfigSchema = z
  .object({
    condition: z
      .string()
      .describe('keep the item when true, e.g. label == "clear" && score >= 4; also matches /re/, contains, in [...], len(x)'),
    inputs: portNameList("input").min(1, "declare at least one input").describe("input port names; each is passed through to the output of the same name"),
  })
  .strict()
  .superRefine((c, ctx) => {
    const parsed = parseCondition(c.condition);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", path: ["condition"], message: `column ${parsed.error.column}: ${parsed.error.message}` });
      return;
    }
    for (const name of parsed.condition.inputs) {
      if (!c.inputs.includes(name)) ctx.addIssue({ code: "custom", path: ["condition"], message: `the condition reads "${name}", which is not an input (inputs: ${c.inputs.join(", ") || "none"})` });
    }
  });
export type FilterConfig = z.infer<typeof FilterConfigSchema>;

export const filterKind = defineKind({
  kind: "filter",
  title: "Filter",
  description: "Keeps an item when a condition over its inputs holds, and drops it with the reason otherwise.",
  category: "filter",
  mode: "per-item",
  mayDrop: true,
  report: "items",
  configSchema: FilterConfigSchema,
  defaultConfig: (): FilterConfig => ({ condition: 'label == "clear" && score >= 4', inputs: ["label", "score"] }),
  ports: (config) => ({
    inputs: config.inputs.map((name) => ({ name, type: "any", required: true })),
    outputs: config.inputs.map((name) => ({ name, type: "any", description: `${name}, passed through` })),
  }),
});
