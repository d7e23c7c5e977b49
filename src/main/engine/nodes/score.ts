/** Score: compares a prediction with the truth by a preset (src/shared/scoring); outputs the verdict and its rule. */
import type { ScoreConfig } from "../../../shared/nodes/kinds/score";
import { scoreAnswer } from "../../../shared/scoring/score";
import { valueToText, type Value } from "../../../shared/values";
import type { PerItemExecutor } from "./types";

/** The precision input as decimal places: 1, "1", "1.0" → 1; absent or empty → undefined. */
export function readPrecision(value: Value | undefined): number | undefined {
  if (value === undefined || value === null || valueToText(value).trim() === "") return undefined;
  const n = Number(valueToText(value).trim());
  if (!Number.isInteger(n) || n < 0 || n > 20) throw new Error(`input "precision" must be a whole number of decimal places from 0 to 20, got "${valueToText(value)}"`);
  return n;
}

export const scoreExecutor: PerItemExecutor<ScoreConfig> = {
  async run(config, ctx) {
    const prediction = valueToText(ctx.inputs.prediction);
    const truth = valueToText(ctx.inputs.truth);
    const answerType = ctx.inputs.answerType === undefined ? undefined : valueToText(ctx.inputs.answerType);
    const outcome = scoreAnswer(config.method, prediction, truth, {
      tolerance: config.tolerance,
      relative: config.relative,
      answerType,
      choices: ctx.inputs.choices ?? undefined,
      precision: config.method === "mathvista" ? readPrecision(ctx.inputs.precision) : undefined,
    });
    return { output: { score: outcome.score, correct: outcome.correct, rule: outcome.rule, parsed: outcome.parsed ?? "" } };
  },
};
