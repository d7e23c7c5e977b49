/** A JSON file holding an array of row objects (read whole: JSON arrays have no streaming form here). */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { RawRow } from "./types";

export async function loadJsonArray(path: string): Promise<unknown[]> {
  const text = await readFile(path, "utf8");
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    throw new Error(`${basename(path)}: not valid JSON (${(e as Error).message})`);
  }
  if (Array.isArray(data)) return data;
  // Also accept { "rows": [...] } / { "data": [...] }.
  for (const key of ["rows", "data", "items"]) {
    const v = (data as Record<string, unknown> | null)?.[key];
    if (Array.isArray(v)) return v;
  }
  throw new Error(`${basename(path)}: expected a JSON array of row objects`);
}

export function* jsonArrayRows(rows: unknown[], name: string): Generator<RawRow> {
  for (let i = 0; i < rows.length; i++) {
    const where = `${name}[${i}]`;
    const v = rows[i];
    if (v === null || typeof v !== "object" || Array.isArray(v)) yield { where, error: `${where}: expected a row object` };
    else yield { where, record: v as Record<string, unknown> };
  }
}
