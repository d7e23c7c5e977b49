/**
 * Scoring: one entry point over every preset of the score node. Each verdict names the rule that decided it
 * (docs/SCORING.md lists them all) and what the prediction was read as.
 */
import { extractLastNumber, parseNumber, toChoiceLetter } from "../answers";
import { isFloatType, isIntegerType, isMultiChoice } from "./answerType";
import { scoreMathVista } from "./mathvista";
import { scoreMmmu } from "./mmmu";
import { scoreNormalized } from "./normalized";

export const SCORE_METHODS = ["auto", "mathvista", "mmmu", "exact", "numeric", "normalized", "choice"] as const;
export type ScoreMethod = (typeof SCORE_METHODS)[number];
export type ResolvedScoreMethod = Exclude<ScoreMethod, "auto">;

export interface ScoreOptions {
  tolerance?: number;
  relative?: boolean;
  answerType?: string;
  choices?: unknown;
  precision?: number;
}

export interface ScoreOutcome {
  score: number;
  correct: boolean;
  /** The method actually used (auto resolves to one of the others). */
  method: ResolvedScoreMethod;
  /** The rule that decided, e.g. "mathvista/choice-closest" or "normalized/number". */
  rule: string;
  /** What the prediction was read as; null when it could not be read. */
  parsed: string | null;
}

/** auto: multiple-choice (by answer type or options) → choice; integer/float/number → numeric; else normalized. */
export function resolveScoreMethod(method: ScoreMethod, answerType?: string, choices?: unknown): ResolvedScoreMethod {
  if (method !== "auto") return method;
  if (isMultiChoice(answerType, choices)) return "choice";
  if (isIntegerType(answerType) || isFloatType(answerType)) return "numeric";
  return "normalized";
}

export function numbersMatch(a: number, b: number, tolerance = 1e-6, relative = false): boolean {
  const allowed = relative ? tolerance * Math.abs(b) : tolerance;
  return Math.abs(a - b) <= allowed + Number.EPSILON * Math.max(1, Math.abs(b));
}

type Verdict = { correct: boolean; rule: string; parsed: string | null };

function scoreNumeric(prediction: string, truth: string, opts: ScoreOptions): Verdict {
  const whole = parseNumber(prediction);
  const last = whole === null ? extractLastNumber(prediction) : null;
  const p = whole ?? (last !== null ? Number(last) : null);
  const t = parseNumber(truth);
  const rule = p === null ? "numeric/no-number" : t === null ? "numeric/truth-not-a-number" : whole !== null ? "numeric/value" : "numeric/last-number";
  return { correct: p !== null && t !== null && numbersMatch(p, t, opts.tolerance, opts.relative), rule, parsed: p === null ? null : String(p) };
}

function scoreChoice(prediction: string, truth: string, opts: ScoreOptions): Verdict {
  const p = toChoiceLetter(prediction, opts.choices, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  const t = toChoiceLetter(truth, opts.choices, "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
  return { correct: p !== null && p === t, rule: p === null ? "choice/no-letter" : "choice/letter", parsed: p };
}

export function scoreAnswer(method: ScoreMethod, prediction: string, truth: string, opts: ScoreOptions = {}): ScoreOutcome {
  const used = resolveScoreMethod(method, opts.answerType, opts.choices);
  let v: Verdict;
  switch (used) {
    case "exact":
      v = { correct: prediction === truth, rule: "exact", parsed: prediction };
      break;
    case "normalized":
      v = scoreNormalized(prediction, truth);
      break;
    case "numeric":
      v = scoreNumeric(prediction, truth, opts);
      break;
    case "choice":
      v = scoreChoice(prediction, truth, opts);
      break;
    case "mathvista":
      v = scoreMathVista(prediction, truth, opts);
      break;
    case "mmmu":
      v = scoreMmmu(prediction, truth, opts);
      break;
  }
  return { score: v.correct ? 1 : 0, correct: v.correct, method: used, rule: v.rule, parsed: v.parsed };
}
