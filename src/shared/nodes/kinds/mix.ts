import { z } from "zod";
import { defineKind } from "../kind";
import { DEDUPE_MODES } from "../../ddf/mix";

export const MAX_MIX_BRANCHES = 16;

export function branchPort(i: number): string {
  return `branch_${i + 1}`;
}

export const MixConfigSchema = z
  .object({
    weights: z
      .array(z.number().min(0))
      .min(1, "a mix needs at least one branch")
      .max(MAX_MIX_BRANCHES)
      .describe("one weight per branch (inputs branch_1, branch_2, …); the share of a branch is its weight over the sum"),
    total: z.union([z.number().int().min(1), z.literal("all")]).describe('number of samples, or "all": the most that keeps the ratio'),
    dedupe: z.enum(DEDUPE_MODES).describe("prompt: same user turns and images; full: same chat; field: same value at dedupeField; none"),
    dedupeField: z.string().optional().describe('dedupe "field": a dotted path into each sample value'),
    seed: z.number().int().describe("seed of the shuffle; the same seed gives the same mix"),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.dedupe === "field" && !c.dedupeField) ctx.addIssue({ code: "custom", path: ["dedupeField"], message: 'dedupe "field" needs a dedupeField' });
    if (c.weights.every((w) => w === 0)) ctx.addIssue({ code: "custom", path: ["weights"], message: "at least one weight must be above 0" });
  });
export type MixConfig = z.infer<typeof MixConfigSchema>;

export const mixKind = defineKind({
  kind: "mix",
  title: "Mix",
  description: "Combines branches (e.g. chain-of-thought and self-evaluation chats) into one deduplicated, shuffled list of training samples by ratio.",
  category: "output",
  mode: "aggregate",
  report: "samples",
  configSchema: MixConfigSchema,
  defaultConfig: (): MixConfig => ({ weights: [1, 1], total: "all", dedupe: "prompt", seed: 1 }),
  ports: (config) => ({
    inputs: config.weights.map((w, i) => ({
      name: branchPort(i),
      type: "any",
      required: true,
      description: `weight ${w}: a conversation or sample object per item`,
    })),
    outputs: [
      { name: "samples", type: "json", description: "the mixed training samples" },
      { name: "count", type: "number" },
      { name: "report", type: "json", description: "per-branch counts (available, duplicates, rejected, taken), rejected values, warnings" },
    ],
  }),
});
