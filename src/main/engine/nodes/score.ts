/** Score: compares a prediction with the truth (exact, normalized, numeric, choice, or auto by answer type). */
import { scoreAnswer } from "../../../shared/answers";
import type { ScoreConfig } from "../../../shared/nodes/kinds/score";
import { valueToText } from "../../../shared/values";
import type { PerItemExecutor } from "./types";

export const scoreExecutor: PerItemExecutor<ScoreConfig> = {
  mode: "per-item",
  async run(config, ctx) {
    const prediction = valueToText(ctx.inputs.prediction);
    const truth = valueToText(ctx.inputs.truth);
    const answerType = ctx.inputs.answerType === undefined ? undefined : valueToText(ctx.inputs.answerType);
    const outcome = scoreAnswer(config.method, prediction, truth, {
      tolerance: config.tolerance,
      relative: config.relative,
      answerType,
      choices: ctx.inputs.choices ?? undefined,
    });
    return { output: { score: outcome.score, correct: outcome.correct } };
  },
};
