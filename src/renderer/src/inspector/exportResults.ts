/**
 * Export a node's results (with the table's filter) as CSV or JSONL: pages are fetched in turn (never one
 * giant reply) and the text is assembled into a Blob download. The builders are pure and unit-tested.
 */
import type { ResultRow } from "../../../shared/contract";
import { getClient } from "../api/client";
import { downloadText } from "../library/download";
import type { ResultsFilter } from "./usePagedResults";
import { fullText } from "./valueText";

export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(ports: string[]): string {
  return ["item", "status", ...ports, "error", "latency_ms", "input_tokens", "output_tokens"].map(csvField).join(",") + "\n";
}

export function csvLines(rows: ResultRow[], ports: string[]): string {
  return rows
    .map((r) =>
      [r.itemId, r.status, ...ports.map((p) => fullText(r.output?.[p])), r.error ?? "", r.latencyMs ?? "", r.usage?.inputTokens ?? "", r.usage?.outputTokens ?? ""]
        .map((v) => csvField(String(v)))
        .join(","),
    )
    .join("\n") + (rows.length ? "\n" : "");
}

export function jsonlLines(rows: ResultRow[]): string {
  return rows.map((r) => JSON.stringify(r)).join("\n") + (rows.length ? "\n" : "");
}

/** Fetches every page of the query and calls `onProgress(done, total)` after each. */
export async function exportResults(query: ResultsFilter, ports: string[], format: "csv" | "jsonl", onProgress?: (done: number, total: number) => void): Promise<number> {
  const pageSize = 5000;
  const parts: string[] = format === "csv" ? [csvHeader(ports)] : [];
  let offset = 0;
  let total = Infinity;
  while (offset < total) {
    const page = await getClient().call("runs.results", { ...query, offset, limit: pageSize });
    total = page.total;
    parts.push(format === "csv" ? csvLines(page.rows, ports) : jsonlLines(page.rows));
    offset += page.rows.length;
    onProgress?.(offset, total);
    if (page.rows.length === 0) break;
  }
  const name = `${query.runId}-${query.nodeId}.${format}`;
  downloadText(parts.join(""), name, format === "csv" ? "text/csv" : "application/x-ndjson");
  return offset;
}
