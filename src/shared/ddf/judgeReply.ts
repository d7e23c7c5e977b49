/**
 * Reads an LLM judge's reply into {score, label, reason}. Strict JSON first; then JSON in a ``` fence; then a
 * JSON object inside prose (trailing commas, single quotes allowed); then "Score: 4/5" / "Label: clear" lines.
 * Fields missing from a JSON object are looked up in the prose lines as well.
 */
import { parseRelaxedJson, readRelaxedJson } from "./relaxedJson";

export interface JudgeVerdict {
  score: number;
  /** One of the spec's labels, spelled as declared; "" when the spec has no labels and the reply gave none. */
  label: string;
  /** "" when the reply gave none. */
  reason: string;
}

export interface JudgeReplySpec {
  /** Allowed labels (matched case-insensitively); empty: any label or none. */
  labels: readonly string[];
  scoreMin: number;
  scoreMax: number;
}

export type JudgeReplySource = "json" | "fenced-json" | "embedded-json" | "key-value";

export type JudgeReplyResult = { ok: true; verdict: JudgeVerdict; source: JudgeReplySource } | { ok: false; error: string };

type Field = "score" | "label" | "reason";

const ALIASES: Record<Field, readonly string[]> = {
  score: ["score", "rating", "grade", "points"],
  label: ["label", "category", "verdict", "class", "classification", "decision"],
  reason: ["reason", "rationale", "explanation", "justification", "reasoning", "comment"],
};

interface Found {
  score?: unknown;
  label?: unknown;
  reason?: unknown;
}

function fieldOf(key: string): Field | undefined {
  const k = key.trim().toLowerCase();
  return (Object.keys(ALIASES) as Field[]).find((f) => ALIASES[f].includes(k));
}

function fromObject(value: unknown): Found | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const found: Found = {};
  for (const [key, v] of Object.entries(value)) {
    const field = fieldOf(key);
    if (field && found[field] === undefined) found[field] = v;
  }
  return Object.keys(found).length > 0 ? found : undefined;
}

function findJsonObject(reply: string): { found: Found; source: JudgeReplySource } | undefined {
  const trimmed = reply.trim();
  try {
    const strict = fromObject(JSON.parse(trimmed));
    if (strict) return { found: strict, source: "json" };
  } catch {
    // not strict JSON; try the tolerant forms
  }
  for (const m of trimmed.matchAll(/```[A-Za-z]*[ \t]*\r?\n?([\s\S]*?)```/g)) {
    const r = parseRelaxedJson(m[1]);
    const found = r.ok ? fromObject(r.value) : undefined;
    if (found) return { found, source: "fenced-json" };
  }
  for (let i = trimmed.indexOf("{"); i !== -1; i = trimmed.indexOf("{", i + 1)) {
    const r = readRelaxedJson(trimmed, i);
    const found = r.ok ? fromObject(r.value) : undefined;
    if (found) return { found, source: "embedded-json" };
  }
  return undefined;
}

const KEY_LINE = /^[\s>*_#-]*([A-Za-z]+)[*_\s]*(?:[:=]|\s-\s)[*_\s]*(.*)$/;

/** "Score: 4/5", "**Label:** clear", "Reason - because …" (a reason runs on until a blank line or the next key). */
function fromKeyLines(reply: string): Found {
  const found: Found = {};
  let current: Field | undefined;
  for (const line of reply.split(/\r?\n/)) {
    const m = KEY_LINE.exec(line);
    const field = m ? fieldOf(m[1]) : undefined;
    if (m && field) {
      current = found[field] === undefined ? field : undefined;
      if (current) found[current] = m[2].trim();
      continue;
    }
    if (current === "reason" && line.trim() !== "") found.reason = `${found.reason as string}\n${line.trim()}`;
    else current = undefined;
  }
  return found;
}

function readScore(raw: unknown, spec: JudgeReplySpec): { score: number } | { error: string } {
  const range = `a number from ${spec.scoreMin} to ${spec.scoreMax}`;
  let score: number | undefined;
  if (typeof raw === "number") score = raw;
  else if (typeof raw === "string") {
    const m = /^[\s*"'`[(]*([+-]?\d+(?:\.\d+)?)\s*(?:\/|out of)?/i.exec(raw);
    if (m) score = Number(m[1]);
  }
  if (score === undefined || !Number.isFinite(score)) return { error: `score ${JSON.stringify(raw)} is not a number (expected ${range})` };
  if (score < spec.scoreMin || score > spec.scoreMax) return { error: `score ${score} is outside the range ${spec.scoreMin}..${spec.scoreMax}` };
  return { score };
}

function readLabel(raw: unknown, spec: JudgeReplySpec): { label: string } | { error: string } {
  const text = (typeof raw === "string" ? raw : raw === undefined || raw === null ? "" : String(raw))
    .trim()
    .replace(/^[\s*"'`[(_]+|[\s*"'`\])_.,;!]+$/g, "");
  if (spec.labels.length === 0) return { label: text };
  const lower = text.toLowerCase();
  const exact = spec.labels.find((l) => l.toLowerCase() === lower);
  if (exact) return { label: exact };
  // "clear (the question is well posed)": a label followed by a non-word character.
  const byLength = [...spec.labels].sort((a, b) => b.length - a.length);
  const prefix = byLength.find((l) => lower.startsWith(l.toLowerCase()) && /^\W/.test(lower.slice(l.length)));
  if (prefix) return { label: prefix };
  return { error: `label ${JSON.stringify(text)} is not one of ${spec.labels.join(", ")}` };
}

function readReason(raw: unknown): string {
  if (raw === undefined || raw === null) return "";
  return (typeof raw === "string" ? raw : JSON.stringify(raw)).trim();
}

function excerpt(reply: string): string {
  const flat = reply.replace(/\s+/g, " ").trim();
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}

export function parseJudgeReply(reply: string, spec: JudgeReplySpec): JudgeReplyResult {
  const json = findJsonObject(reply);
  const lines = fromKeyLines(reply);
  const found: Found = { ...lines, ...(json?.found ?? {}) };
  const source: JudgeReplySource = json?.source ?? "key-value";

  const missing: string[] = [];
  if (found.score === undefined) missing.push(`no score (expected a number from ${spec.scoreMin} to ${spec.scoreMax})`);
  if (found.label === undefined && spec.labels.length > 0) missing.push(`no label (expected one of ${spec.labels.join(", ")})`);
  if (missing.length > 0) {
    return { ok: false, error: `judge reply has ${missing.join(" and ")}; reply: "${excerpt(reply)}"` };
  }
  const score = readScore(found.score, spec);
  if ("error" in score) return { ok: false, error: `judge reply: ${score.error}` };
  const label = readLabel(found.label, spec);
  if ("error" in label) return { ok: false, error: `judge reply: ${label.error}` };
  return { ok: true, source, verdict: { score: score.score, label: label.label, reason: readReason(found.reason) } };
}
