/** Starting and cancelling runs of the open document (Run menu, node toolbar, preview dialog). */
import type { RunRequest } from "../../../shared/contract";
import { formatRunId } from "../../../shared/runId";
import { getClient } from "../api/client";
import { editor } from "../store/editorStore";
import { toast } from "../store/toastStore";
import { useUi } from "../store/uiStore";
import { validationOf } from "../store/validation";
import { errorText } from "../ui/errorText";
import { IDLE, usePreflight } from "./preflightStore";
import { useRun } from "./runStore";

export type RunScope = Omit<RunRequest, "doc" | "pipelineId">;

/** The request for the open document with a scope (limit, items, to/from a node). */
export function runRequest(scope: RunScope = {}): RunRequest {
  const { doc, pipelineId } = editor();
  return { doc, ...(pipelineId ? { pipelineId } : {}), ...scope };
}

export function describeScope(scope: RunScope): string {
  const parts: string[] = [];
  if (scope.toNode) parts.push(`to ${scope.toNode}`);
  if (scope.fromNode) parts.push(`from ${scope.fromNode}`);
  if (scope.itemIds?.length) parts.push(`${scope.itemIds.length} item${scope.itemIds.length > 1 ? "s" : ""}`);
  else if (scope.limit) parts.push(`first ${scope.limit}`);
  if (scope.noCache) parts.push("no cache");
  return parts.join(", ");
}

/**
 * One call: runs.start with `check` runs the pre-flight first (as `cascade run` does); when something is wrong the
 * run panel shows the message and the run waits for "Run anyway" (runAnyway) — otherwise it has started.
 */
export async function startRun(scope: RunScope = {}): Promise<string | null> {
  // What the Node side would refuse is refused here, in words, with the Problems tab open.
  const { problems } = validationOf(editor().doc);
  if (problems.length) {
    const first = problems[0];
    toast(`Run not started: ${first.nodeId ? `${first.nodeId}: ` : ""}${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more: see Problems)` : ""}`, "error", 7000);
    useUi.getState().setBottomTab("problems");
    return null;
  }
  // A click while a run is being checked (and started) does not start a second one.
  if (usePreflight.getState().phase === "checking") return null;
  usePreflight.setState({ phase: "checking", scope, message: null });
  return launch(scope, true);
}

/** Starts the run the pre-flight held back, without checking again (the CLI's --no-check). */
export function runAnyway(): Promise<string | null> {
  const { scope } = usePreflight.getState();
  usePreflight.setState(IDLE);
  return launch(scope ?? {}, false);
}

export function dismissPreflight(): void {
  usePreflight.setState(IDLE);
}

/** A new run id (shared/runId.ts): the run is known here before its first event arrives. */
function newRunId(): string {
  return formatRunId(Date.now(), crypto.getRandomValues(new Uint8Array(2)));
}

async function launch(scope: RunScope, check: boolean): Promise<string | null> {
  const request = runRequest(scope);
  const runId = newRunId();
  // Its events are applied from the first one on, whenever runs.start answers.
  useRun.getState().expect(runId, request.doc.name);
  try {
    const started = await getClient().call("runs.start", { ...request, runId, check });
    if (!started.started) {
      useRun.getState().expect(null);
      // Dismissed, or another run asked meanwhile: nothing to show.
      if (usePreflight.getState().scope === scope) usePreflight.setState({ phase: "problems", scope, message: started.check.message });
      return null;
    }
    if (check && usePreflight.getState().scope === scope) usePreflight.setState(IDLE);
    useRun.getState().follow(runId, request.doc.name);
    return runId;
  } catch (e) {
    useRun.getState().expect(null);
    if (check && usePreflight.getState().scope === scope) usePreflight.setState(IDLE);
    toast(`Run not started: ${errorText(e)}`, "error", 7000);
    return null;
  }
}

export async function cancelRun(runId: string): Promise<void> {
  try {
    await getClient().call("runs.cancel", { runId });
  } catch (e) {
    toast(`Cancel failed: ${errorText(e)}`, "error");
  }
}

/** Parses "a, b\nc" into item ids. */
export function parseItemIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}
