/** Starting and cancelling runs of the open document (Run menu, node toolbar, preview dialog). */
import type { RunRequest } from "../../../shared/contract";
import { getClient } from "../api/client";
import { editor } from "../store/editorStore";
import { toast } from "../store/toastStore";
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

export async function startRun(scope: RunScope = {}): Promise<string | null> {
  const request = runRequest(scope);
  try {
    const { runId } = await getClient().call("runs.start", request);
    useRun.getState().follow(runId, request.doc.name);
    return runId;
  } catch (e) {
    const problems = (e as { problems?: { message: string }[] }).problems ?? [];
    toast(`Run not started: ${(e as Error).message}${problems.length ? ` — ${problems[0].message}` : ""}`, "error", 7000);
    return null;
  }
}

export async function cancelRun(runId: string): Promise<void> {
  try {
    await getClient().call("runs.cancel", { runId });
  } catch (e) {
    toast(`Cancel failed: ${(e as Error).message}`, "error");
  }
}

/** Parses "a, b\nc" into item ids. */
export function parseItemIds(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}
