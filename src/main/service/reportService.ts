/**
 * runs.report: the self-contained HTML report of runs (the compare view's "Save report…"), made by the same
 * code as `cascade report` (loadReportData + reportHtml), so the file is the one the CLI writes.
 */
import type { Params, Result } from "../../shared/contract";
import { loadReportData } from "../report/reportData";
import { reportHtml } from "../report/reportHtml";
import type { Store } from "../store/store";
import { ServiceError } from "./errors";
import { APP_VERSION } from "./version";

/** Thumbnails of the first items' images, as `cascade report` makes by default. */
const THUMBNAILS = 100;

/** A file name from the runs' labels: "SEAT-vs-Cas-SEAT.html" (letters, digits, - _ . only; no leading dot). */
export function reportFileName(labels: string[]): string {
  const safe = labels.map((l) => l.replace(/[^\p{L}\p{N}._-]+/gu, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 40) || "run");
  return `${safe.join("-vs-")}.html`;
}

export function reportService(store: Store, now: () => number = Date.now): { "runs.report": (p: Params<"runs.report">) => Promise<Result<"runs.report">> } {
  return {
    "runs.report": async ({ runIds, nodeId, by, baseline, unscored }) => {
      try {
        const data = await loadReportData(store, runIds, { node: nodeId, by, baseline, unscored, thumbnails: THUMBNAILS });
        const html = reportHtml(data, { version: APP_VERSION, now: now() });
        return { html, fileName: reportFileName(data.result.runs.map((r) => r.label || r.id)) };
      } catch (e) {
        throw new ServiceError(`runs.report: ${(e as Error).message}`);
      }
    },
  };
}
