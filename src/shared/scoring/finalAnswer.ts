/**
 * Final-answer extraction: the answer a reply ends on, read by rules (the extract node's `final-answer` method).
 * In order: a reply that is only an answer; the last "Final answer: X" (else "Answer: X" / "the answer is X");
 * then, when guessing is allowed, the last option letter or number in the reply. Case-insensitive; numbers like
 * "1,000", "−3", "1/2", ".5" and "12 cm" come out as 1000, -3, 1/2, 0.5 and 12. Rules in docs/SCORING.md.
 */
import { normalizeText, parseNumber } from "../answers";
import { optionLetters, optionList } from "./answerType";

export type FinalAnswerRule = "whole-reply" | "answer-line" | "last-letter" | "last-number";

export interface FinalAnswer {
  value: string;
  rule: FinalAnswerRule;
}

export interface FinalAnswerOptions {
  /** The item's options: the answer is then an option letter (an option's text maps to its letter). */
  choices?: unknown;
  /** Letters an answer may be when the item has no options (default ABCDE). */
  letters?: string;
  /** When there is no answer line, take the last option letter or number (default true). */
  guess?: boolean;
}

const NUM = String.raw`[-+−]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?(?:\s*\/\s*\d+(?:\.\d+)?)?`;
const NUMBER_START = new RegExp(`^(?:[$€£¥]\\s*)?(${NUM})(?![\\d.,/])`);
const NUMBER_ONLY = new RegExp(`^(?:[$€£¥]\\s*)?(${NUM})\\s*%?$`);
const NUMBER_ANY = new RegExp(`(?<![\\w.])(${NUM})(?![\\d])`, "g");
const MARKER = /(final\s+answer|answer)\s*(?:\*\*|__)?\s*(?:is\b\s*[:：]?|[:：=])/gi;

/** "1,000" → "1000", "−3" → "-3", ".5" → "0.5", "+2" → "2", "1 / 2" → "1/2". */
export function canonicalNumber(raw: string): string {
  let t = raw.replace(/,/g, "").replace(/−/g, "-").replace(/\s+/g, "").replace(/^\+/, "");
  t = t.replace(/^(-?)\./, "$10.");
  return t;
}

/** Markdown, LaTeX wrappers, quotes and closing punctuation off an answer: "**\boxed{12}**." → "12". */
function clean(s: string): string {
  let t = s.trim();
  for (let prev = ""; prev !== t; ) {
    prev = t;
    t = t
      .replace(/\\boxed\{([^{}]*)\}/g, "$1")
      .replace(/^\\\(|\\\)$|^\\\[|\\\]$/g, "")
      .replace(/^\$([^$]+)\$$/, "$1")
      .replace(/^[\s*_`"'“”‘’]+|[\s*_`"'“”‘’]+$/g, "")
      .replace(/[.;,!]+$/, "")
      .trim();
  }
  return t;
}

interface Reading {
  letters: string[];
  options: string[];
}

function letterOf(t: string, r: Reading): string | null {
  const m = /^(?:(?:option|choice)\s+)?(?:\(([A-Za-z])\)|([A-Za-z])(?:[.):]|$))/i.exec(t);
  if (!m) return null;
  const l = (m[1] ?? m[2]).toUpperCase();
  return r.letters.includes(l) ? l : null;
}

function numberMatch(t: string, strict: boolean): string | null {
  const m = (strict ? NUMBER_ONLY : NUMBER_START).exec(t);
  if (m) return canonicalNumber(m[1]);
  if (strict) return null;
  const last = lastNumber(t); // "x = 12", "probably 12"
  return last ? last.value : null;
}

/**
 * An answer text read as a letter or a number (with options: a letter, an option's text or number mapping to
 * its letter); without options a text without digits is the answer itself. Strict: only a bare answer counts.
 */
function readAnswer(raw: string, r: Reading, strict: boolean): string | null {
  const t = clean(raw);
  if (!t) return null;
  const letter = letterOf(t, r);
  if (letter) return letter;
  if (r.options.length) {
    const norm = normalizeText(t);
    const byText = r.options.findIndex((o) => normalizeText(o) === norm && norm !== "");
    if (byText >= 0) return r.letters[byText];
    const num = numberMatch(t, strict);
    if (num === null) return null;
    const byNumber = r.options.findIndex((o) => {
      const on = NUMBER_ONLY.exec(clean(o));
      return on !== null && parseNumber(canonicalNumber(on[1])) === parseNumber(num);
    });
    return byNumber >= 0 ? r.letters[byNumber] : null;
  }
  const num = numberMatch(t, strict);
  if (num !== null) return num;
  return strict || /\d/.test(t) ? null : t;
}

/** The text after a marker: the rest of its line, or the next non-empty line when that is empty. */
function afterMarker(text: string, end: number): string {
  const rest = text.slice(end);
  const lineEnd = rest.indexOf("\n");
  const line = lineEnd < 0 ? rest : rest.slice(0, lineEnd);
  if (clean(line)) return line;
  return rest.split("\n").map((l) => l.trim()).find((l) => clean(l) !== "") ?? "";
}

function lastMarkedAnswer(text: string, r: Reading): string | null {
  const marks = [...text.matchAll(MARKER)];
  const finals = marks.filter((m) => /final/i.test(m[1]));
  for (const group of [finals, marks.filter((m) => !/final/i.test(m[1]))]) {
    for (let i = group.length - 1; i >= 0; i--) {
      const m = group[i];
      const value = readAnswer(afterMarker(text, m.index + m[0].length), r, false);
      if (value !== null) return value;
    }
  }
  return null;
}

function lastLetter(text: string, r: Reading): { value: string; at: number } | null {
  if (!r.letters.length) return null;
  const L = `[${r.letters.join("")}]`;
  const patterns = [new RegExp(`\\((${L})\\)`, "gi"), new RegExp(`\\*\\*(${L})\\*\\*`, "gi"), new RegExp(`\\b(?:option|choice)\\s+\\(?(${L})\\b`, "gi"), new RegExp(`(?:^|\\n)\\s*(${L})[.):](?=\\s|$)`, "g")];
  let best: { value: string; at: number } | null = null;
  for (const re of patterns) for (const m of text.matchAll(re)) if (!best || m.index > best.at) best = { value: m[1].toUpperCase(), at: m.index };
  return best;
}

function lastNumber(text: string): { value: string; at: number } | null {
  let best: { value: string; at: number } | null = null;
  for (const m of text.matchAll(NUMBER_ANY)) best = { value: canonicalNumber(m[1]), at: m.index };
  return best;
}

export function extractFinalAnswer(text: string, opts: FinalAnswerOptions = {}): FinalAnswer | null {
  const options = optionList(opts.choices);
  const r: Reading = { options, letters: options.length ? optionLetters(options.length) : (opts.letters ?? "ABCDE").split("") };
  const whole = readAnswer(text, r, true);
  if (whole !== null) return { value: whole, rule: "whole-reply" };
  const marked = lastMarkedAnswer(text, r);
  if (marked !== null) return { value: marked, rule: "answer-line" };
  if (opts.guess === false) return null;
  const letter = lastLetter(text, r);
  const number = options.length ? null : lastNumber(text);
  if (letter && (!number || letter.at > number.at)) return { value: letter.value, rule: "last-letter" };
  if (number) return { value: number.value, rule: "last-number" };
  return null;
}
