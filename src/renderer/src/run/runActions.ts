/** Starting and cancelling runs of the open document (Run menu, node toolbar, preview dialog). */
import type { RunRequest } from "../../../shared/contract";
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
 * Checks the model servers first (runs.check, as `cascade run` does); when something is wrong the run panel shows
 * the message and the run waits for "Run anyway" (runAnyway) — otherwise it starts.
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
  usePreflight.setState({ phase: "checking", scope, message: null });
  let message: string | null = null;
  try {
    message = (await getClient().call("runs.check", runRequest(scope))).message;
  } catch {
    /* e.g. an invalid pipeline: runs.start says what is wrong */
  }
  if (usePreflight.getState().scope !== scope) return null; // dismissed, or another run asked meanwhile
  if (message) {
    usePreflight.setState({ phase: "problems", scope, message });
    return null;
  }
  usePreflight.setState(IDLE);
  return launch(scope);
}

/** Starts the run the pre-flight held back, without checking again (the CLI's --no-check). */
export function runAnyway(): Promise<string | null> {
  const { scope } = usePreflight.getState();
  usePreflight.setState(IDLE);
  return launch(scope ?? {});
}

export function dismissPreflight(): void {
  usePreflight.setState(IDLE);
}

async function launch(scope: RunScope): Promise<string | null> {
  const request = runRequest(scope);
  try {
    const { runId } = await getClient().call("runs.start", request);
    useRun.getState().follow(runId, request.doc.name);
    return runId;
  } catch (e) {
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
