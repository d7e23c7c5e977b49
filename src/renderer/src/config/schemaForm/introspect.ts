/**
 * Reads a kind's zod config schema into plain field specs, so kinds without a hand-written form still get
 * a sensible one (selects for enums, number fields with their bounds, lists, checkboxes, descriptions).
 */
import type { z } from "zod";

export type FieldSpec =
  | { key: string; type: "string"; optional: boolean; description?: string }
  | { key: string; type: "number"; optional: boolean; description?: string; min?: number; max?: number; integer: boolean }
  | { key: string; type: "boolean"; optional: boolean; description?: string }
  | { key: string; type: "enum"; optional: boolean; description?: string; options: string[] }
  | { key: string; type: "stringList"; optional: boolean; description?: string }
  | { key: string; type: "numberList"; optional: boolean; description?: string }
  | { key: string; type: "numberOr"; optional: boolean; description?: string; literal: string; integer: boolean; min?: number }
  | { key: string; type: "json"; optional: boolean; description?: string };

interface Introspectable {
  def: { type: string };
  description?: string;
  unwrap?: () => Introspectable;
  shape?: Record<string, Introspectable>;
  options?: unknown[];
  element?: Introspectable;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
  value?: unknown;
}

const finite = (n: number | null | undefined) => (typeof n === "number" && Number.isFinite(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined);

function spec(key: string, schema: Introspectable): FieldSpec {
  let s = schema;
  let optional = false;
  let description = s.description;
  while ((s.def.type === "optional" || s.def.type === "default" || s.def.type === "nullable") && s.unwrap) {
    optional = true;
    s = s.unwrap();
    description ??= s.description;
  }
  const base = { key, optional, description };
  switch (s.def.type) {
    case "string":
      return { ...base, type: "string" };
    case "number":
      return { ...base, type: "number", min: finite(s.minValue), max: finite(s.maxValue), integer: !!s.isInt };
    case "boolean":
      return { ...base, type: "boolean" };
    case "enum":
      return { ...base, type: "enum", options: (s.options ?? []).map(String) };
    case "array": {
      const el = s.element?.def.type;
      if (el === "string") return { ...base, type: "stringList" };
      if (el === "number") return { ...base, type: "numberList" };
      return { ...base, type: "json" };
    }
    case "union": {
      const opts = (s.options ?? []) as Introspectable[];
      const num = opts.find((o) => o.def.type === "number");
      const lit = opts.find((o) => o.def.type === "literal");
      if (opts.length === 2 && num && lit && typeof lit.value === "string") {
        return { ...base, type: "numberOr", literal: lit.value, integer: !!num.isInt, min: finite(num.minValue) };
      }
      return { ...base, type: "json" };
    }
    default:
      return { ...base, type: "json" };
  }
}

/** The fields of an object schema, in declaration order; empty when the schema is not an object. */
export function fieldsOf(schema: z.ZodType): FieldSpec[] {
  const s = schema as unknown as Introspectable;
  if (s.def.type !== "object" || !s.shape) return [];
  return Object.entries(s.shape).map(([key, field]) => spec(key, field));
}

/** "a, b c" → ["a", "b", "c"] */
export function parseList(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}
