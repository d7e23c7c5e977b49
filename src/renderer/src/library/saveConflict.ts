/**
 * Which saved version each open pipeline is based on (sent with every save, so a stale one is refused), and
 * the conflict to resolve when it was: another tab or window saved a newer version meanwhile.
 */
import { create } from "zustand";
import type { SavedPipeline } from "../../../shared/contract";
import type { PipelineDoc } from "../../../shared/pipeline/schema";

export interface SaveBase {
  version: number;
  savedAt: number;
}

const bases = new Map<string, SaveBase>();
/** This page's own save in flight: its pipeline-saved event is not news from another tab. */
export const ownSave = { pending: 0 };

export function baseOf(id: string | undefined): SaveBase | undefined {
  return id ? bases.get(id) : undefined;
}

export function setBase(saved: Pick<SavedPipeline, "id" | "version" | "savedAt">): void {
  bases.set(saved.id, { version: saved.version, savedAt: saved.savedAt });
}

interface ConflictState {
  /** The latest saved version and this page's document that could not be saved over it. */
  conflict: { latest: SavedPipeline; mine: PipelineDoc } | null;
  setConflict(conflict: ConflictState["conflict"]): void;
}

export const useSaveConflict = create<ConflictState>()((set) => ({
  conflict: null,
  setConflict: (conflict) => set({ conflict }),
}));

/** Lines only in `a` and only in `b` of the two documents as formatted JSON (a plain line difference). */
export function lineDifference(a: PipelineDoc, b: PipelineDoc): { onlyA: string[]; onlyB: string[] } {
  const la = JSON.stringify(a, null, 2).split("\n");
  const lb = JSON.stringify(b, null, 2).split("\n");
  const count = (lines: string[]) => lines.reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const ca = count(la);
  const cb = count(lb);
  const only = (lines: string[], mine: Map<string, number>, other: Map<string, number>) =>
    lines.filter((l) => {
      const left = (other.get(l) ?? 0) - 1;
      other.set(l, left);
      return left < 0 && mine.has(l);
    });
  return { onlyA: only(la, ca, new Map(cb)), onlyB: only(lb, cb, new Map(ca)) };
}
