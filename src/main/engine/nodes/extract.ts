/** Extract: pulls the answer out of a reply (final answer, regex group, JSON path, choice letter, last number, trim). */
import { DEFAULT_LETTERS, extractChoice, extractJsonPath, extractLastNumber, extractRegex, parseNumber, toChoiceLetter } from "../../../shared/answers";
import type { ExtractConfig } from "../../../shared/nodes/kinds/extract";
import { extractFinalAnswer } from "../../../shared/scoring/finalAnswer";
import { valueToText, type Value } from "../../../shared/values";
import type { ExecResult, PerItemExecutor } from "./types";

export function extractFrom(config: ExtractConfig, text: string, choices?: Value): string | null {
  switch (config.method) {
    case "final-answer":
      return extractFinalAnswer(text, { choices: choices ?? undefined, letters: config.letters, guess: config.guess })?.value ?? null;
    case "regex":
      return extractRegex(text, config.pattern ?? "", config.flags, config.group);
    case "jsonPath":
      return extractJsonPath(text, config.path ?? "$");
    case "choice":
      return extractChoice(text, config.letters ?? DEFAULT_LETTERS);
    case "number":
      return extractLastNumber(text);
    case "trim":
      return text.trim();
  }
}

export function normalizeExtracted(config: ExtractConfig, value: string): string {
  switch (config.normalize ?? "none") {
    case "none":
      return value;
    case "lowercase":
      return value.trim().toLowerCase();
    case "choice":
      return toChoiceLetter(value, undefined, config.letters ?? DEFAULT_LETTERS) ?? value.trim();
    case "number": {
      const n = parseNumber(value) ?? (extractLastNumber(value) !== null ? Number(extractLastNumber(value)) : null);
      return n === null ? value.trim() : String(n);
    }
  }
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}

export const extractExecutor: PerItemExecutor<ExtractConfig> = {
  async run(config, ctx): Promise<ExecResult> {
    const text = valueToText(ctx.inputs.text);
    if (config.method === "final-answer") {
      const found = extractFinalAnswer(text, { choices: ctx.inputs.choices ?? undefined, letters: config.letters, guess: config.guess });
      if (found) return { output: { value: normalizeExtracted(config, found.value), rule: found.rule } };
      if (config.fallback !== undefined) return { output: { value: config.fallback, rule: "fallback" } };
      throw new Error(`no final answer in "${preview(text)}" (set a fallback to keep going)`);
    }
    const found = extractFrom(config, text);
    if (found === null) {
      if (config.fallback !== undefined) return { output: { value: config.fallback } };
      throw new Error(`no ${config.method} match in "${preview(text)}" (set a fallback to keep going)`);
    }
    return { output: { value: normalizeExtracted(config, found) } };
  },
};
