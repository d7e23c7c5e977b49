/**
 * The `normalized` preset: compares answers after removing only what carries no meaning (case, spacing,
 * wrapping quotes and markdown, sentence punctuation at the end), keeping signs, %, currency symbols and
 * decimal points. Two answers that are both numbers with the same symbols compare by value.
 */
import { parseNumber } from "../answers";

export interface NormalizedVerdict {
  correct: boolean;
  rule: "normalized/number" | "normalized/text";
  parsed: string;
}

const WRAP = /^[\s*_`"'“”‘’]+|[\s*_`"'“”‘’]+$/g;

/** "  **−3.** " → "-3"; "X = -2" → "x=-2"; "5%" stays "5%", "$5" stays "$5". */
export function normalizeAnswer(s: string): string {
  let t = s.normalize("NFKC").replace(/\u2212/g, "-").toLowerCase().replace(/\s+/g, " ");
  for (let prev = ""; prev !== t; ) {
    prev = t;
    t = t.replace(WRAP, "").replace(/[.,;:!?]+$/, "");
  }
  return t.replace(/\s*=\s*/g, "=").replace(/\s+%/g, "%").trim();
}

const NUMBER_FORM = /^([-+]?)([$€£¥]?)([-+]?)(\d[\d,]*(?:\.\d+)?|\.\d+|\d+\s*\/\s*\d+)(%?)$/;

/** A number with its symbols: "-$1,200.50" → { symbols: "$|", value: -1200.5 }; null when the text is not one. */
export function numberWithSymbols(t: string): { symbols: string; value: number } | null {
  const m = NUMBER_FORM.exec(t);
  if (!m || (m[1] && m[3])) return null;
  if (m[4].includes(",") && !/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(m[4])) return null;
  const magnitude = parseNumber(m[4]);
  if (magnitude === null) return null;
  const negative = (m[1] || m[3]) === "-";
  return { symbols: `${m[2]}|${m[5]}`, value: negative ? -magnitude : magnitude };
}

export function scoreNormalized(prediction: string, truth: string): NormalizedVerdict {
  const p = normalizeAnswer(prediction);
  const t = normalizeAnswer(truth);
  const pn = numberWithSymbols(p);
  const tn = numberWithSymbols(t);
  if (pn && tn) return { correct: pn.symbols === tn.symbols && pn.value === tn.value, rule: "normalized/number", parsed: p };
  return { correct: p === t, rule: "normalized/text", parsed: p };
}
