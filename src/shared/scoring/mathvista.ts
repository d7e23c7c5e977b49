/**
 * The `mathvista` preset: MathVista's scoring (evaluation/calculate_score.py, normalize_extracted_answer and
 * safe_equal) reproduced from its behaviour. Differences are listed in docs/SCORING.md.
 */
import { isFloatType, isIntegerType, isMultiChoice, optionLetters, optionList } from "./answerType";
import { editDistance } from "./editDistance";
import { pyIntOfFloatStr, pyRoundedFloatStr } from "./python";

export interface MathVistaItem {
  answerType?: string;
  choices?: unknown;
  /** Decimal places for float answers (MathVista's precision column); from the truth's decimals when absent. */
  precision?: number;
}

export interface PresetVerdict {
  correct: boolean;
  rule: string;
  /** What the prediction was read as (an option's text, "7", "1.5"); null when it could not be read. */
  parsed: string | null;
}

/** The option a multiple-choice prediction stands for, and the rule that chose it. */
export function mathvistaOption(prediction: string, options: string[]): { option: string; rule: string } {
  let extraction = prediction.trim();
  const letters = optionLetters(options.length);
  const bracketed = /\(([a-zA-Z])\)/.exec(extraction);
  if (bracketed) extraction = bracketed[1].toUpperCase();
  const asLetter = letters.indexOf(extraction);
  if (asLetter >= 0) return { option: options[asLetter], rule: bracketed ? "mathvista/choice-bracketed-letter" : "mathvista/choice-letter" };
  const asText = options.indexOf(extraction);
  if (asText >= 0) return { option: options[asText], rule: "mathvista/choice-text" };
  // Not in the official script: "a", "B.", "C)" are read as letters (there they go to the closest option).
  const loose = /^([a-zA-Z])[.):]?$/.exec(extraction);
  const looseIndex = loose ? letters.indexOf(loose[1].toUpperCase()) : -1;
  if (looseIndex >= 0) return { option: options[looseIndex], rule: "mathvista/choice-letter-loose" };
  const distances = options.map((o) => editDistance(extraction, o));
  return { option: options[distances.indexOf(Math.min(...distances))], rule: "mathvista/choice-closest" };
}

/** The truth as an option's text: the text itself, or the option its letter names (datasets that store "B"). */
function truthOption(truth: string, options: string[]): string {
  const t = truth.trim();
  if (options.includes(t)) return t;
  const i = optionLetters(options.length).indexOf(t.replace(/^\((.)\)$/, "$1").toUpperCase());
  return i >= 0 ? options[i] : t;
}

function decimalsOf(truth: string): number {
  const m = /\.(\d+)$/.exec(truth.trim());
  return m ? m[1].length : 0;
}

export function scoreMathVista(prediction: string, truth: string, item: MathVistaItem): PresetVerdict {
  const options = optionList(item.choices);
  const t = truth.trim();
  if (isMultiChoice(item.answerType, item.choices) && options.length > 0) {
    const { option, rule } = mathvistaOption(prediction, options);
    return { correct: option === truthOption(truth, options), rule, parsed: option };
  }
  if (isIntegerType(item.answerType)) {
    const parsed = pyIntOfFloatStr(prediction);
    return { correct: parsed !== null && parsed === t, rule: parsed === null ? "mathvista/integer-unreadable" : "mathvista/integer", parsed };
  }
  if (isFloatType(item.answerType)) {
    const precision = item.precision ?? decimalsOf(t);
    const parsed = pyRoundedFloatStr(prediction, precision);
    return { correct: parsed !== null && parsed === t, rule: parsed === null ? "mathvista/float-unreadable" : "mathvista/float", parsed };
  }
  const parsed = prediction.trim();
  return { correct: parsed === t, rule: "mathvista/text", parsed };
}
