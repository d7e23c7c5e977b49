/**
 * The app's one keydown listener: finds the command whose shortcut the key is and runs it. Keys are ignored
 * while typing in a text field or code editor (except commands marked whileTyping, e.g. save) and while a
 * modal dialog is open; panels with their own modal keys (the review panel) listen in the capture phase first.
 */
import { useEffect } from "react";
import { matchesChord } from "./keys";
import { allCommandList, isEnabled } from "./registry";
import type { Command } from "./types";

export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  const tag = el.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable || !!el.closest?.(".cm-editor");
}

export function commandForKey(e: KeyboardEvent): Command | undefined {
  return allCommandList().find((c) => c.keys?.some((k) => matchesChord(e, k)));
}

export function useCommandKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const command = commandForKey(e);
      if (!command) return;
      if (!command.whileTyping && (isTypingTarget(e.target) || document.querySelector(".dialog-backdrop, .cmdk-backdrop"))) return;
      if (!isEnabled(command)) {
        if (command.whileTyping) e.preventDefault();
        return;
      }
      const r = command.run({});
      if (r !== false) e.preventDefault();
      if (r instanceof Promise) r.catch((err) => console.error(`command ${command.id}:`, err));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
