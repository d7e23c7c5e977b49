/**
 * Answer extraction and normalisation, pure (no Node or DOM imports): used by the engine's extract and score
 * nodes and by the UI to show what a reply would score.
 */
import { compileUserRegex } from "./userRegex";

export const DEFAULT_LETTERS = "ABCDE";

/** Lowercase, punctuation removed, whitespace collapsed: "  The  Answer: 42! " → "the answer 42". */
export function normalizeText(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const NUMBER_RE = /[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+−]?\.\d+(?:[eE][-+]?\d+)?/g;

/** The number a text states: "1,234.5", "$12", "45%", "-3", "3/4", "1e3"; null when it is not one number. */
export function parseNumber(s: string): number | null {
  const t = s.trim().replace(/^\$|\$$/g, "").replace(/%$/, "").replace(/−/g, "-").trim();
  const frac = /^([-+]?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(t);
  if (frac) {
    const d = Number(frac[2]);
    return d === 0 ? null : Number(frac[1]) / d;
  }
  if (!/^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(t) || !/\d/.test(t)) return null;
  const n = Number(t.replace(/,/g, ""));
  return Number.isFinite(n) ? n : null;
}

/** The last number in a text, as written without thousands separators ("… so 1,200 apples." → "1200"). */
export function extractLastNumber(text: string): string | null {
  const all = text.match(NUMBER_RE);
  if (!all || all.length === 0) return null;
  const raw = all[all.length - 1].replace(/,/g, "").replace(/−/g, "-").replace(/^\+/, "");
  return raw.startsWith(".") ? `0${raw}` : raw.startsWith("-.") ? `-0${raw.slice(1)}` : raw;
}

function letterClass(letters: string): string {
  return `[${letters}${letters.toLowerCase()}]`;
}

/**
 * The multiple-choice letter a reply gives: "The answer is (B)", "Final answer: B", "**C**", "B. 42", "(D)", "b".
 * Explicit statements win over bare mentions; among several, the last one counts.
 */
export function extractChoice(text: string, letters: string = DEFAULT_LETTERS): string | null {
  const L = letterClass(letters);
  const tryLast = (re: RegExp): string | null => {
    let found: string | null = null;
    for (const m of text.matchAll(re)) found = m[1];
    return found ? found.toUpperCase() : null;
  };
  const patterns = [
    // "answer is (B)", "Final answer: B", "answer: **C**", "correct option is D"
    new RegExp(`(?:answer|option|choice)\\s*(?:is|:|=|-)?\\s*(?:option|choice)?\\s*[*_"'\`]*[(\\[]?(${L})[)\\]]?(?![A-Za-z0-9])`, "gi"),
    // a letter in parentheses or bold on its own: "(B)", "**B**"
    new RegExp(`(?:^|[^A-Za-z0-9])(?:\\((${L})\\)|\\*\\*(${L})\\*\\*)(?![A-Za-z0-9])`, "g"),
    // a line starting with the letter: "B. 42", "C) foo", "D:"
    new RegExp(`(?:^|\\n)\\s*(${L})\\s*[.):](?:\\s|$)`, "g"),
  ];
  const first = tryLast(patterns[0]);
  if (first) return first;
  let bracket: string | null = null;
  for (const m of text.matchAll(patterns[1])) bracket = (m[1] ?? m[2]).toUpperCase();
  if (bracket) return bracket;
  const line = tryLast(patterns[2]);
  if (line) return line;
  const whole = text.trim().replace(/^[*_"'`([]+|[*_"'`)\].]+$/g, "");
  return new RegExp(`^${L}$`).test(whole) ? whole.toUpperCase() : null;
}

/** A regex capture (group 1 by default, the whole match when the pattern has no group); RE2 syntax, linear time. */
export function extractRegex(text: string, pattern: string, flags = "", group?: number): string | null {
  const m = compileUserRegex(pattern, flags).exec(text);
  if (!m) return null;
  const g = group ?? (m.length > 1 ? 1 : 0);
  return m[g] ?? null;
}

/** Parses "$.a.b[0]['c d']" into ["a", "b", 0, "c d"]; throws on a malformed path. */
export function parseJsonPath(path: string): (string | number)[] {
  const p = path.trim();
  if (!p.startsWith("$")) throw new Error(`a JSON path starts with $, got "${path}"`);
  const out: (string | number)[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]/y;
  let i = 1;
  while (i < p.length) {
    re.lastIndex = i;
    const m = re.exec(p);
    if (!m) throw new Error(`cannot read JSON path "${path}" at position ${i}`);
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (m[3] ?? m[4])));
    i = re.lastIndex;
  }
  return out;
}

/** The JSON in a reply: the whole text, a ```json fence, or the first {...} / [...] block. */
export function findJson(text: string): unknown {
  const attempts = [text.trim()];
  const fence = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fence) attempts.push(fence[1].trim());
  const obj = text.indexOf("{");
  if (obj >= 0) attempts.push(text.slice(obj, text.lastIndexOf("}") + 1));
  const arr = text.indexOf("[");
  if (arr >= 0) attempts.push(text.slice(arr, text.lastIndexOf("]") + 1));
  for (const a of attempts) {
    try {
      return JSON.parse(a);
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** The value at a JSON path in a reply, as text (objects as JSON); null when absent or not JSON. */
export function extractJsonPath(text: string, path: string): string | null {
  let v: unknown = findJson(text);
  if (v === undefined) return null;
  for (const seg of parseJsonPath(path)) {
    if (v === null || typeof v !== "object") return null;
    v = (v as Record<string | number, unknown>)[seg];
  }
  if (v === undefined || v === null) return null;
  return typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** Choices as letter → text, from ["4","5"], {"A": "4"} or "A. 4\nB. 5". */
export function choiceMap(choices: unknown, letters: string = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"): Map<string, string> {
  const out = new Map<string, string>();
  let c = choices;
  if (typeof c === "string") {
    const parsed = c.trim().startsWith("[") || c.trim().startsWith("{") ? findJson(c) : undefined;
    if (parsed !== undefined) c = parsed;
    else {
      for (const line of c.split(/\n/)) {
        const m = /^\s*\(?([A-Z])[.):]\s*(.*)$/.exec(line);
        if (m) out.set(m[1], m[2].trim());
      }
      return out;
    }
  }
  if (Array.isArray(c)) c.forEach((v, i) => i < letters.length && out.set(letters[i], String(v)));
  else if (c && typeof c === "object") for (const [k, v] of Object.entries(c)) out.set(k.trim().toUpperCase(), String(v));
  return out;
}

/** The letter of a choice given its letter or its text ("5" with choices ["4","5"] → "B"). */
export function toChoiceLetter(answer: string, choices?: unknown, letters: string = DEFAULT_LETTERS): string | null {
  const map = choices === undefined || choices === null ? new Map<string, string>() : choiceMap(choices);
  const allowed = map.size ? [...map.keys()].join("") : letters;
  const trimmed = answer.trim();
  if (map.size) {
    const norm = normalizeText(trimmed);
    for (const [letter, text] of map) if (normalizeText(text) === norm && norm !== "") return letter;
    const num = parseNumber(trimmed);
    if (num !== null) for (const [letter, text] of map) if (parseNumber(text) === num) return letter;
  }
  return extractChoice(trimmed, allowed);
}
