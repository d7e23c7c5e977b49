import { z } from "zod";
import { defineKind } from "../kind";
import { SCORE_METHODS } from "../../scoring/score";

export const ScoreConfigSchema = z
  .object({
    method: z
      .enum(SCORE_METHODS)
      .describe(
        "mathvista / mmmu: those benchmarks' official scoring; exact; numeric (tolerance); normalized (case and spacing only, signs and symbols kept); choice: option letters; auto: choice for multiple-choice items, numeric for numbers, normalized otherwise (see docs/SCORING.md)",
      ),
    tolerance: z.number().min(0).optional().describe("numeric: allowed absolute difference (default 1e-6)"),
    relative: z.boolean().optional().describe("numeric: tolerance is relative to the truth"),
  })
  .strict();
export type ScoreConfig = z.infer<typeof ScoreConfigSchema>;

const usesAnswerType = (m: ScoreConfig["method"]) => m === "auto" || m === "mathvista" || m === "mmmu";

export const scoreKind = defineKind({
  kind: "score",
  title: "Score",
  description: "Compares a prediction with the ground truth by a named preset; yields accuracy for the run.",
  category: "evaluate",
  mode: "per-item",
  configSchema: ScoreConfigSchema,
  defaultConfig: (): ScoreConfig => ({ method: "normalized" }),
  summary: (config) => (typeof config.method === "string" ? `method: ${config.method}` : null),
  form: "custom",
  ports: (config) => ({
    inputs: [
      { name: "prediction", type: "text", required: true },
      { name: "truth", type: "text", required: true },
      ...(usesAnswerType(config.method) ? [{ name: "answerType", type: "text" as const, required: false }] : []),
      { name: "choices", type: "json" as const, required: false, description: "the item's options (letter A first): letters and option texts map to each other" },
      ...(config.method === "mathvista"
        ? [{ name: "precision", type: "number" as const, required: false, description: "float answers: decimal places (MathVista's precision column)" }]
        : []),
    ],
    outputs: [
      { name: "score", type: "number", description: "1 when correct, 0 otherwise" },
      { name: "correct", type: "boolean" },
      { name: "rule", type: "text", description: "the rule that decided, e.g. mathvista/choice-closest (docs/SCORING.md)" },
      { name: "parsed", type: "text", description: "what the prediction was read as (empty when unreadable)" },
    ],
  }),
});
