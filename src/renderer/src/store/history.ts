/**
 * Undo/redo as immer patches. Every edit pushes one entry; edits with the same coalesce key that follow each
 * other quickly (a typing burst in one field, nudging with the arrow keys) merge into one entry.
 */
import { applyPatches, enablePatches, type Patch } from "immer";
import type { PipelineDoc } from "../../../shared/pipeline/schema";

enablePatches();

export interface HistoryEntry {
  patches: Patch[];
  inverse: Patch[];
  /** Edits with the same key within COALESCE_MS merge. */
  key?: string;
  /** Time of the last edit merged into this entry. */
  at: number;
}

export interface History {
  past: HistoryEntry[];
  future: HistoryEntry[];
}

export const COALESCE_MS = 1200;
export const HISTORY_LIMIT = 300;

export function emptyHistory(): History {
  return { past: [], future: [] };
}

/** Adds an edit; drops the redo branch. */
export function record(history: History, entry: HistoryEntry): History {
  if (entry.patches.length === 0) return history;
  const last = history.past[history.past.length - 1];
  if (last && entry.key !== undefined && last.key === entry.key && entry.at - last.at <= COALESCE_MS) {
    const merged: HistoryEntry = {
      patches: [...last.patches, ...entry.patches],
      inverse: [...entry.inverse, ...last.inverse],
      key: entry.key,
      at: entry.at,
    };
    return { past: [...history.past.slice(0, -1), merged], future: [] };
  }
  const past = [...history.past, entry];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, future: [] };
}

export function undo(doc: PipelineDoc, history: History): { doc: PipelineDoc; history: History } | null {
  const entry = history.past[history.past.length - 1];
  if (!entry) return null;
  return {
    doc: applyPatches(doc, entry.inverse),
    history: { past: history.past.slice(0, -1), future: [...history.future, { ...entry, key: undefined }] },
  };
}

export function redo(doc: PipelineDoc, history: History): { doc: PipelineDoc; history: History } | null {
  const entry = history.future[history.future.length - 1];
  if (!entry) return null;
  return {
    doc: applyPatches(doc, entry.patches),
    // A redone entry never merges with the next edit.
    history: { past: [...history.past, { ...entry, key: undefined }], future: history.future.slice(0, -1) },
  };
}
