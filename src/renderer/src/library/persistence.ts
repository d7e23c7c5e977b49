/**
 * What survives a reload or a crash: the id of the last open pipeline, and a backup of the current document
 * in localStorage (written shortly after each change and on unload).
 */
import type { PipelineDoc } from "../../../shared/pipeline/schema";

const LAST_ID = "cascade.lastPipelineId";
const BACKUP = "cascade.backup";

export interface Backup {
  doc: PipelineDoc;
  id?: string;
  dirty: boolean;
  at: number;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

export function rememberLastId(id: string | undefined): void {
  const s = storage();
  if (!s) return;
  if (id) s.setItem(LAST_ID, id);
  else s.removeItem(LAST_ID);
}

export function lastId(): string | null {
  return storage()?.getItem(LAST_ID) ?? null;
}

export function writeBackup(backup: Backup): void {
  try {
    storage()?.setItem(BACKUP, JSON.stringify(backup));
  } catch {
    /* quota: the server copy remains */
  }
}

export function readBackup(): Backup | null {
  try {
    const raw = storage()?.getItem(BACKUP);
    if (!raw) return null;
    const b = JSON.parse(raw) as Backup;
    return b && b.doc && Array.isArray(b.doc.nodes) ? b : null;
  } catch {
    return null;
  }
}
