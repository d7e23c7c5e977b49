/**
 * Keyboard shortcuts of the editor. Ignored while typing in an input or a code editor (save excepted).
 */
import { useEffect } from "react";
import { editor } from "../store/editorStore";
import { copy, deleteSelection, duplicate, paste, selectAll } from "./commands";

export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable || !!el.closest?.(".cm-editor");
}

export function useShortcuts(save: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === "s") {
        e.preventDefault();
        save();
        return;
      }
      if (isTypingTarget(e.target)) return;
      if (document.querySelector(".dialog-backdrop")) return;
      let handled = true;
      if (mod && key === "z" && !e.shiftKey) editor().undo();
      else if ((mod && key === "z" && e.shiftKey) || (e.ctrlKey && key === "y")) editor().redo();
      else if (mod && key === "c") handled = copy();
      else if (mod && key === "v") void paste();
      else if (mod && key === "d") duplicate();
      else if (mod && key === "a") selectAll();
      else if (!mod && (e.key === "Delete" || e.key === "Backspace")) deleteSelection();
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [save]);
}
