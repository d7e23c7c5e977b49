/** Typing a raw row by the dataset's declared columns, and finding its item id. */
import type { DatasetConfig } from "../../../shared/nodes/kinds/dataset";
import type { Value } from "../../../shared/values";
import { isImageRef } from "../../../shared/values";

type Column = DatasetConfig["columns"][number];

function toText(v: unknown): string {
  if (v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

function typed(col: Column, raw: unknown, where: string): Value {
  const fail = (what: string) => {
    throw new Error(`${where}: column "${col.name}": ${what}`);
  };
  switch (col.type) {
    case "text":
      return toText(raw);
    case "number": {
      if (typeof raw === "number") return raw;
      if (raw === null || (typeof raw === "string" && raw.trim() === "")) return null;
      const n = typeof raw === "string" ? Number(raw.trim().replace(/,/g, "")) : NaN;
      if (!Number.isFinite(n)) fail(`not a number: ${JSON.stringify(raw)}`);
      return n;
    }
    case "boolean": {
      if (typeof raw === "boolean") return raw;
      const s = toText(raw).trim().toLowerCase();
      if (["true", "1", "yes", "y"].includes(s)) return true;
      if (["false", "0", "no", "n", ""].includes(s)) return false;
      return fail(`not a boolean: ${JSON.stringify(raw)}`);
    }
    case "image": {
      if (isImageRef(raw)) return { kind: "image", source: raw.source };
      if (typeof raw === "string" && raw.trim() !== "") return { kind: "image", source: raw.trim() };
      return fail(`not an image path, URL or data URI: ${JSON.stringify(raw)}`);
    }
    case "json": {
      if (typeof raw === "string") {
        const t = raw.trim();
        if (t.startsWith("[") || t.startsWith("{")) {
          try {
            return JSON.parse(t) as Value;
          } catch {
            return raw;
          }
        }
        return raw;
      }
      return raw as Value;
    }
  }
}

/** The typed values of a row; throws naming file:line and the column when a column is missing or wrong. */
export function rowValues(config: DatasetConfig, record: Record<string, unknown>, where: string): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const col of config.columns) {
    const field = col.field ?? col.name;
    if (!Object.prototype.hasOwnProperty.call(record, field) || record[field] === undefined) {
      throw new Error(`${where}: missing column "${field}"`);
    }
    out[col.name] = typed(col, record[field], where);
  }
  return out;
}

/** The item id: the idColumn's value (by column name or raw field), else the 1-based row number. */
export function itemIdOf(config: DatasetConfig, record: Record<string, unknown> | undefined, rowNumber: number, where: string): string {
  if (!config.idColumn) return String(rowNumber);
  if (!record) return String(rowNumber);
  const col = config.columns.find((c) => c.name === config.idColumn);
  const raw = record[col?.field ?? config.idColumn];
  if (raw === undefined || raw === null || toText(raw).trim() === "") throw new Error(`${where}: empty id column "${config.idColumn}"`);
  return toText(raw).trim();
}
