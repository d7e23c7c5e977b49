/**
 * The `mmmu` preset: MMMU's parsing and evaluation (eval/eval_utils.py: parse_multi_choice_response,
 * parse_open_response, eval_multi_choice, eval_open) reproduced from their behaviour. Differences are listed in
 * docs/SCORING.md (the main one: where MMMU picks a random letter for an unreadable reply, this scores it wrong).
 */
import { findJson } from "../answers";
import { isMultiChoice, optionLetters, optionList } from "./answerType";
import type { PresetVerdict } from "./mathvista";
import { pyFloat, pyRound } from "./python";

const len = (s: string) => Array.from(s).length;

function stripChar(s: string, c: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s[a] === c) a++;
  while (b > a && s[b - 1] === c) b--;
  return s.slice(a, b);
}

/** The option letter a reply gives, as parse_multi_choice_response finds it; null where MMMU would guess. */
export function mmmuChoice(reply: string, letters: string[], index2ans: Map<string, string>): { letter: string | null; rule: string } {
  let response = reply;
  for (const c of [",", ".", "!", "?", ";", ":", "'"]) response = stripChar(response, c);
  response = ` ${response} `;
  let candidates = letters.filter((l) => response.includes(`(${l})`));
  let kind: "bracketed" | "spaced" | "content" = "bracketed";
  if (candidates.length === 0) {
    kind = "spaced";
    candidates = letters.filter((l) => response.includes(` ${l} `));
  }
  if (candidates.length === 0 && response.split(/\s+/).filter(Boolean).length > 5) {
    kind = "content";
    candidates = [...index2ans.keys()].filter((l) => response.toLowerCase().includes(index2ans.get(l)!.toLowerCase()));
  }
  if (candidates.length === 0) return { letter: null, rule: "mmmu/choice-none" };
  const position = (l: string) =>
    kind === "bracketed" ? response.lastIndexOf(`(${l})`) : kind === "spaced" ? response.lastIndexOf(` ${l} `) : response.toLowerCase().lastIndexOf(index2ans.get(l)!.toLowerCase());
  let best = candidates[0];
  for (const c of candidates) if (position(c) > position(best)) best = c;
  return { letter: best, rule: `mmmu/choice-${kind}` };
}

type Normalized = number | string;

/** normalize_str: a number (commas removed) rounded to 2 decimals, else the lowercased text (" x" and "x " for one character). */
export function mmmuNormalize(s: string): Normalized[] {
  const t = s.trim();
  const n = pyFloat(t.replace(/,/g, ""));
  if (n !== null) return [pyRound(n, 2)];
  const lower = t.toLowerCase();
  return len(lower) === 1 ? [` ${lower}`, `${lower} `] : [lower];
}

/** extract_numbers: numbers with thousands commas, then scientific notation, then plain numbers. */
export function mmmuNumbers(s: string): string[] {
  const commas = s.match(/-?\b\d{1,3}(?:,\d{3})+\b/g) ?? [];
  const scientific = s.match(/-?\d+(?:\.\d+)?[eE][+-]?\d+/g) ?? [];
  const simple = s.match(/-?(?:\d+\.\d+|\.\d+|\d+\b)(?![eE][+-]?\d+)(?![,\d])/g) ?? [];
  return [...commas, ...scientific, ...simple];
}

const INDICATORS = ["could be ", "so ", "is ", "thus ", "therefore ", "final ", "answer ", "result "];
const TRIVIAL = new Set([":", ",", ".", "!", "?", ";", "'"]);

/** parse_open_response: the tails after key phrases ("so ", "is ", "=" on the last line, …), their numbers, normalised. */
export function mmmuOpenCandidates(reply: string): Normalized[] {
  const response = stripChar(reply.trim(), ".").toLowerCase();
  // MMMU also splits at ". " before a capital letter, but it lowercases first, so only line breaks split.
  const lines = response.split("\n");
  const keys: string[] = [];
  lines.forEach((line, i) => {
    const indicators = i === lines.length - 1 ? [...INDICATORS, "="] : INDICATORS;
    let shortest: string | null = null;
    for (const ind of indicators) {
      if (!line.includes(ind)) continue;
      const tail = line.split(ind).pop()!.trim();
      if (!shortest || len(tail) < len(shortest)) shortest = tail;
    }
    if (shortest && !TRIVIAL.has(shortest.trim())) keys.push(shortest);
  });
  const found = keys.length ? keys : [response];
  const all = [...found, ...found.flatMap(mmmuNumbers)].flatMap(mmmuNormalize);
  return [...new Set(all)];
}

/** The gold answers: a JSON list of strings, or the one text. */
function goldList(truth: string): string[] {
  const t = truth.trim();
  if (t.startsWith("[")) {
    const parsed = findJson(t);
    if (Array.isArray(parsed)) return parsed.map(String);
  }
  return [truth];
}

export function scoreMmmu(prediction: string, truth: string, item: { answerType?: string; choices?: unknown }): PresetVerdict {
  const golds = goldList(truth);
  const options = optionList(item.choices);
  if (isMultiChoice(item.answerType, item.choices)) {
    const letters = optionLetters(options.length || 5);
    const index2ans = new Map(options.map((o, i) => [letters[i], o]));
    const { letter, rule } = mmmuChoice(prediction, letters, index2ans);
    // Not in MMMU: a gold given as an option's text counts as that option's letter.
    const goldLetters = golds.map((g) => (letters.includes(g.trim()) ? g.trim() : (letters[options.indexOf(g.trim())] ?? g.trim())));
    return { correct: letter !== null && goldLetters.includes(letter), rule, parsed: letter };
  }
  const candidates = mmmuOpenCandidates(prediction);
  const answers = golds.flatMap(mmmuNormalize);
  const parsed = candidates.map(String).join(" | ");
  const numberHit = candidates.some((c) => typeof c === "number" && answers.some((a) => typeof a === "number" && a === c));
  if (numberHit) return { correct: true, rule: "mmmu/open-number", parsed };
  const textHit = candidates.some((c) => typeof c === "string" && answers.some((a) => typeof a === "string" && c.includes(a)));
  return { correct: textHit, rule: textHit ? "mmmu/open-text" : "mmmu/open-no-match", parsed };
}
