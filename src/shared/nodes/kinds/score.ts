import { z } from "zod";
import { defineKind, plain } from "../kind";

export const ScoreConfigSchema = z
  .object({
    method: z
      .enum(["exact", "normalized", "numeric", "choice", "auto"])
      .describe("auto: choice for multiple-choice items, numeric for numbers, normalized otherwise (uses the answerType input)"),
    tolerance: z.number().min(0).optional().describe("numeric: allowed absolute difference (default 1e-6)"),
    relative: z.boolean().optional().describe("numeric: tolerance is relative to the truth"),
  })
  .strict();
export type ScoreConfig = z.infer<typeof ScoreConfigSchema>;

export const scoreKind = defineKind<ScoreConfig>({
  kind: "score",
  title: "Score",
  description: "Compares a prediction with the ground truth; yields accuracy for the run.",
  category: "evaluate",
  mode: "per-item",
  ...plain,
  configSchema: ScoreConfigSchema,
  defaultConfig: () => ({ method: "normalized" }),
  ports: (config) => ({
    inputs: [
      { name: "prediction", type: "text", required: true },
      { name: "truth", type: "text", required: true },
      ...(config.method === "auto" ? [{ name: "answerType", type: "text" as const, required: false }] : []),
      { name: "choices", type: "json" as const, required: false, description: "choice: options to map an answer text to its letter" },
    ],
    outputs: [
      { name: "score", type: "number", description: "1 when correct, 0 otherwise" },
      { name: "correct", type: "boolean" },
    ],
  }),
});
