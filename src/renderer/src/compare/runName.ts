/** How the compare view names a run: its letter and label ("B · Cas-SEAT"), with start time and models for the legend. */
import type { ComparedRun } from "../../../shared/compare/types";
import { fmtTime } from "../run/format";

export const shortName = (r: ComparedRun): string => `${r.key} · ${r.label}`;

/** "Cas-SEAT · 2026-12-02 13:05 · gpt-4o-mini" — what tells two runs of one pipeline apart. */
export const longName = (r: ComparedRun): string => [r.label, fmtTime(r.startedAt ?? undefined), r.models.join(", ")].filter(Boolean).join(" · ");

export function baselineWhy(r: ComparedRun): string {
  return r.baselineBy === "named" ? "baseline (marked ★)" : "baseline (started first)";
}
