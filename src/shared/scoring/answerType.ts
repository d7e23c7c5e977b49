/** What kind of answer an item has, from its answer-type column and its choices (shared by every preset). */
import { choiceMap } from "../answers";

/** "Multi-Choice", "multiple choice", "multi_choice" → "multi_choice"; absent → "". */
export function canonicalAnswerType(answerType?: string): string {
  return (answerType ?? "").trim().toLowerCase().replace(/[\s-]+/g, "_");
}

const CHOICE_TYPES = new Set(["multi_choice", "multiple_choice", "choice", "mc"]);
const INTEGER_TYPES = new Set(["integer", "int"]);
const FLOAT_TYPES = new Set(["float", "number", "numeric", "decimal"]);

/** The options in order (letter A first), from ["4","5"], {"A": "4"} or "A. 4\nB. 5"; [] when none. */
export function optionList(choices: unknown): string[] {
  if (choices === undefined || choices === null || choices === "") return [];
  return [...choiceMap(choices).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, text]) => text);
}

/** Multiple-choice when the answer type says so or the item has options (MathVista and MMMU decide by options too). */
export function isMultiChoice(answerType: string | undefined, choices: unknown): boolean {
  return CHOICE_TYPES.has(canonicalAnswerType(answerType)) || optionList(choices).length > 0;
}

export function isIntegerType(answerType?: string): boolean {
  return INTEGER_TYPES.has(canonicalAnswerType(answerType));
}

export function isFloatType(answerType?: string): boolean {
  return FLOAT_TYPES.has(canonicalAnswerType(answerType));
}

/** "A", "B", … for n options. */
export function optionLetters(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String.fromCharCode(65 + i));
}
