/**
 * Autosave ~1.5 s after the last edit (each autosave is a version marked autosave), and a localStorage
 * backup ~0.3 s after each change and on unload, so a crash loses nothing.
 */
import { useEffect } from "react";
import { getClient } from "../api/client";
import { editor, useEditor } from "../store/editorStore";
import { toast } from "../store/toastStore";
import { baseOf, ownSave } from "./saveConflict";
import { backupNow, save } from "./library";

export const AUTOSAVE_MS = 1500;
const BACKUP_MS = 300;

export function useAutosave(): void {
  useEffect(() => {
    let saveTimer: ReturnType<typeof setTimeout> | undefined;
    let backupTimer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = useEditor.subscribe((s, prev) => {
      if (s.revision === prev.revision && s.dirty === prev.dirty) return;
      clearTimeout(backupTimer);
      backupTimer = setTimeout(backupNow, BACKUP_MS);
      if (s.revision !== prev.revision && s.dirty) {
        clearTimeout(saveTimer);
        saveTimer = setTimeout(() => void save(true), AUTOSAVE_MS);
      }
    });
    // Another tab or window saved the open pipeline: say so now (the next save here offers the choice).
    const offSaved = getClient().on("pipeline-saved", (e) => {
      const base = baseOf(editor().pipelineId);
      if (ownSave.pending > 0 || e.id !== editor().pipelineId || !base || (base.version === e.version && base.savedAt === e.savedAt)) return;
      toast(`“${e.name}” was saved in another tab or window (version ${e.version})`, "warn", 5000);
    });
    const onUnload = () => backupNow();
    window.addEventListener("beforeunload", onUnload);
    return () => {
      unsubscribe();
      offSaved();
      clearTimeout(saveTimer);
      clearTimeout(backupTimer);
      window.removeEventListener("beforeunload", onUnload);
    };
  }, []);
}
