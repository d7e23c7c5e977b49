/**
 * Turning one batch line's answer into a BatchLineResult: the protocol reads text, usage, model and stop
 * reason from the API's body; a blocked reply (stopReasons.ts) fails the request without another try, as a live
 * call would; an error status or type says whether another try can help.
 */
import type { ProviderKind } from "../../../shared/pipeline/schema";
import { AttemptError } from "../errors";
import { readStop } from "../stopReasons";
import type { Usage } from "../types";
import type { BatchLineResult } from "./batchTypes";

export interface LineReply {
  text: string;
  usage?: Usage;
  model?: string;
  /** The API's stop reason and the name of its field ("finish_reason"). */
  stopReason?: string;
  stopField: string;
}

export function replyResult(kind: ProviderKind, reply: LineReply): BatchLineResult {
  try {
    const stop = readStop(kind, reply.stopReason, reply.stopField);
    const out: BatchLineResult = { ok: true, text: reply.text };
    if (reply.usage) out.usage = reply.usage;
    if (reply.model) out.model = reply.model;
    if (stop.stopReason !== undefined) out.stopReason = stop.stopReason;
    if (stop.truncated) out.truncated = true;
    return out;
  } catch (e) {
    if (e instanceof AttemptError) return { ok: false, error: e.message, requeue: false };
    throw e;
  }
}

/** A request the API answered with an error status: 408/409/429/5xx may pass another time, other 4xx not. */
export function statusResult(status: number, message: string): BatchLineResult {
  const requeue = status === 408 || status === 409 || status === 429 || status >= 500;
  return { ok: false, error: `HTTP ${status}: ${message}`, requeue };
}

/** The lines of a JSONL results file, each parsed; a line that is not JSON is an error naming the batch and line. */
export function jsonLines(text: string, batchId: string, file: string): unknown[] {
  const out: unknown[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      throw new Error(`batch ${batchId}: the ${file} is malformed: line ${i + 1} is not JSON: ${JSON.stringify(line.slice(0, 80))}`);
    }
  }
  return out;
}
