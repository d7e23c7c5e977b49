/**
 * Rows pasted or typed for a quick test: a JSON array of objects, JSON Lines, or a table with a header row
 * separated by tabs (a spreadsheet paste) or commas (CSV, with "quoted, fields" and "" escapes). Pure.
 */

export type PasteResult = { rows: Record<string, unknown>[] } | { error: string };

function splitDelimited(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur === "") quoted = true;
    else if (ch === sep) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

export function parsePastedRows(text: string): PasteResult {
  const t = text.trim();
  if (!t) return { error: "paste a table with a header row, JSON Lines or a JSON array" };
  if (t.startsWith("[")) {
    try {
      const v = JSON.parse(t) as unknown;
      if (!Array.isArray(v)) return { error: "the JSON is not an array" };
      const bad = v.findIndex((r) => !isRecord(r));
      return bad === -1 ? { rows: v as Record<string, unknown>[] } : { error: `row ${bad + 1} is not an object` };
    } catch (e) {
      return { error: `not valid JSON: ${(e as Error).message}` };
    }
  }
  const lines = t.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines[0].trim().startsWith("{")) {
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < lines.length; i++) {
      try {
        const v = JSON.parse(lines[i]) as unknown;
        if (!isRecord(v)) return { error: `line ${i + 1} is not a JSON object` };
        rows.push(v);
      } catch (e) {
        return { error: `line ${i + 1}: not valid JSON (${(e as Error).message})` };
      }
    }
    return { rows };
  }
  const sep = lines[0].includes("\t") ? "\t" : ",";
  const header = splitDelimited(lines[0], sep);
  if (header.some((h) => h === "")) return { error: "the first line must name every column (a header row)" };
  if (lines.length < 2) return { error: "no rows under the header" };
  return {
    rows: lines.slice(1).map((line) => {
      const cells = splitDelimited(line, sep);
      return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""]));
    }),
  };
}
