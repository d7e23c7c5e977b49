/**
 * The column type a dataset field's values suggest (for the dataset table and "add columns"): image when the
 * values are image paths, URLs or data URLs (or { path | url | data } objects), number and boolean when every
 * value is one (CSV strings like "3.5" or "true" included), json for objects and arrays, text otherwise.
 * Empty values do not vote.
 */
import type { ColumnType } from "../nodes/kinds/dataset";

export interface ColumnTypeGuess {
  field: string;
  type: ColumnType;
  /** Rows in which the field had a non-empty value. */
  filled: number;
}

const IMAGE_EXT = /\.(png|jpe?g|gif|webp|bmp|tiff?)$/i;

export function looksLikeImage(v: unknown): boolean {
  if (typeof v === "string") return /^data:image\//.test(v) || (IMAGE_EXT.test(v.split(/[?#]/)[0]) && !/\s/.test(v.trim()));
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    return ["path", "url", "data"].some((k) => typeof o[k] === "string" && looksLikeImage(o[k]));
  }
  return false;
}

function typeOf(v: unknown): ColumnType {
  if (looksLikeImage(v)) return "image";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "string") {
    const t = v.trim();
    if (/^(true|false)$/i.test(t)) return "boolean";
    if (t !== "" && Number.isFinite(Number(t))) return "number";
    return "text";
  }
  return "json";
}

export function guessColumnTypes(rows: readonly Record<string, unknown>[]): ColumnTypeGuess[] {
  const order: string[] = [];
  const seen = new Map<string, { types: Set<ColumnType>; filled: number }>();
  for (const row of rows) {
    for (const [field, v] of Object.entries(row)) {
      let s = seen.get(field);
      if (!s) {
        s = { types: new Set(), filled: 0 };
        seen.set(field, s);
        order.push(field);
      }
      if (v === null || v === undefined || v === "") continue;
      s.filled++;
      s.types.add(typeOf(v));
    }
  }
  return order.map((field) => {
    const { types, filled } = seen.get(field)!;
    const only = types.size === 1 ? [...types][0] : null;
    // Mixed numbers and texts are text; anything mixed with json is json; other mixes are text.
    const type: ColumnType = only ?? (types.has("json") ? "json" : "text");
    return { field, type, filled };
  });
}
