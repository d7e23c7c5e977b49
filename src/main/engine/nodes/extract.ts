/** Extract: pulls the answer out of a reply (regex group, JSON path, choice letter, last number, trim). */
import { DEFAULT_LETTERS, extractChoice, extractJsonPath, extractLastNumber, extractRegex, parseNumber, toChoiceLetter } from "../../../shared/answers";
import type { ExtractConfig } from "../../../shared/nodes/kinds/extract";
import { valueToText } from "../../../shared/values";
import type { PerItemExecutor } from "./types";

export function extractFrom(config: ExtractConfig, text: string): string | null {
  switch (config.method) {
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
  mode: "per-item",
  async run(config, ctx) {
    const text = valueToText(ctx.inputs.text);
    const found = extractFrom(config, text);
    if (found === null) {
      if (config.fallback !== undefined) return { output: { value: config.fallback } };
      throw new Error(`no ${config.method} match in "${preview(text)}" (set a fallback to keep going)`);
    }
    return { output: { value: normalizeExtracted(config, found) } };
  },
};
