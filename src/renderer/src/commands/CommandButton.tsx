/** A toolbar button that runs a registry command: its tooltip is the command's title and shortcut, disabled when it is. */
import type { ReactNode } from "react";
import { useRun } from "../run/runStore";
import { useEditor } from "../store/editorStore";
import { formatChord } from "./keys";
import { getCommand, isEnabled, runCommand } from "./registry";

/** Re-renders when what commands' `enabled` read changes (history, selection, document, run status). */
function useCommandDeps(): void {
  useEditor((s) => s.history);
  useEditor((s) => s.selection);
  useEditor((s) => s.revision);
  useRun((s) => s.live?.status);
}

export function CommandButton({ id, className = "btn", testId, children }: { id: string; className?: string; testId?: string; children: ReactNode }) {
  useCommandDeps();
  const c = getCommand(id);
  const key = c.keys?.[0];
  return (
    <button type="button" className={className} disabled={!isEnabled(c)} onClick={() => runCommand(id)} title={key ? `${c.title} (${formatChord(key)})` : c.title} data-testid={testId} data-command={id}>
      {children}
    </button>
  );
}
