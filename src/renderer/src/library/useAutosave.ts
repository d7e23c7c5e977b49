/**
 * Autosave ~1.5 s after the last edit (each autosave is a version marked autosave), and a localStorage
 * backup ~0.3 s after each change and on unload, so a crash loses nothing.
 */
import { useEffect } from "react";
import { useEditor } from "../store/editorStore";
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
    const onUnload = () => backupNow();
    window.addEventListener("beforeunload", onUnload);
    return () => {
      unsubscribe();
      clearTimeout(saveTimer);
      clearTimeout(backupTimer);
      window.removeEventListener("beforeunload", onUnload);
    };
  }, []);
}
