/** A toolbar button that runs a registry command: its tooltip is the command's title and shortcut, disabled when it is. */
import type { ReactNode } from "react";
import { useRun } from "../run/runStore";
import { useEditor } from "../store/editorStore";
import { useExperiment } from "../experiment/experimentStore";
import { formatChord } from "./keys";
import { getCommand, isEnabled, runCommand } from "./registry";
import type { CommandContext } from "./types";

/** Re-renders when what commands' `enabled` read changes (history, selection, document, run status). */
function useCommandDeps(): void {
  useEditor((s) => s.history);
  useEditor((s) => s.selection);
  useEditor((s) => s.revision);
  useRun((s) => s.live?.status);
  useExperiment((s) => s.state?.status);
  useExperiment((s) => s.starting);
  useExperiment((s) => s.selected);
  useExperiment((s) => s.state?.matrix);
}

/** `ctx`: what the command runs on (an axis of the experiment, a value of it). */
export function CommandButton({ id, className = "btn", testId, children, ctx, label }: { id: string; className?: string; testId?: string; children: ReactNode; ctx?: CommandContext; label?: string }) {
  useCommandDeps();
  const c = getCommand(id);
  const key = c.keys?.[0];
  return (
    <button type="button" className={className} disabled={!isEnabled(c, ctx)} onClick={() => runCommand(id, ctx)} title={key ? `${c.title} (${formatChord(key)})` : c.title} aria-label={label} data-testid={testId} data-command={id}>
      {children}
    </button>
  );
}
