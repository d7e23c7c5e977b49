/**
 * Runs a code node's function in the sandbox and turns every way it can end into a result or a clear error:
 *
 *   code node <id>: stopped after 1000 ms (time limit)
 *   code node <id>: stopped: memory limit 64 MB exceeded
 *   code node <id>: TypeError: x.map is not a function (line 3)
 *   code node <id>: the function returned no "answer" (it returned: text)
 */
import { CODE_DEFAULT_MEMORY_MB, CODE_DEFAULT_TIMEOUT_MS, CODE_MAX_TIMEOUT_MS } from "../../shared/nodes/kinds/code";
import { SandboxPool } from "./pool";
import type { SandboxErrorInfo } from "./types";

export interface CodeRunRequest {
  nodeId: string;
  source: string;
  inputs: Record<string, unknown>;
  /** Declared outputs: the function must return an object with each of them. Absent: any JSON value. */
  outputs?: readonly string[];
  timeoutMs?: number;
  memoryMb?: number;
}

export type CodeFailure = "timeout" | "memory" | "syntax" | "thrown" | "result" | "crashed";

export type CodeRunResult =
  | { ok: true; value: unknown; outputs: Record<string, unknown>; logs: string[]; durationMs: number }
  | { ok: false; reason: CodeFailure; error: string; line?: number; logs: string[]; durationMs: number };

let shared: SandboxPool | undefined;

/** The process-wide pool used when none is given. */
export function sharedSandboxPool(): SandboxPool {
  shared ??= new SandboxPool();
  return shared;
}

export async function closeSharedSandboxPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The line of the user's code in a stack trace (`code-node-<id>.js:3:7`, or `…js:3` for a syntax error). */
export function errorLine(stack: string, filename: string): number | undefined {
  const m = new RegExp(`${escapeRegExp(filename)}:(\\d+)`).exec(stack);
  return m ? Number(m[1]) : undefined;
}

function describeError(error: SandboxErrorInfo): string {
  return error.name && error.name !== "Error" ? `${error.name}: ${error.message}` : error.message;
}

function checkOutputs(value: unknown, outputs: readonly string[] | undefined): { outputs: Record<string, unknown> } | { error: string } {
  if (!outputs) return { outputs: typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {} };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const what = value === null ? "null" : Array.isArray(value) ? "a list" : `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
    return { error: `the function must return an object with ${outputs.map((o) => `"${o}"`).join(", ")} (it returned ${what})` };
  }
  const obj = value as Record<string, unknown>;
  const missing = outputs.filter((o) => !Object.prototype.hasOwnProperty.call(obj, o));
  if (missing.length > 0) {
    const keys = Object.keys(obj);
    return { error: `the function returned no ${missing.map((o) => `"${o}"`).join(", ")} (it returned: ${keys.length ? keys.join(", ") : "an empty object"})` };
  }
  return { outputs: Object.fromEntries(outputs.map((o) => [o, obj[o]])) };
}

export async function runCode(req: CodeRunRequest, pool: SandboxPool = sharedSandboxPool()): Promise<CodeRunResult> {
  const timeoutMs = Math.min(req.timeoutMs ?? CODE_DEFAULT_TIMEOUT_MS, CODE_MAX_TIMEOUT_MS);
  const memoryMb = req.memoryMb ?? CODE_DEFAULT_MEMORY_MB;
  const filename = `code-node-${req.nodeId}.js`;
  const where = `code node ${req.nodeId}`;
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const fail = (reason: CodeFailure, message: string, logs: string[] = [], line?: number): CodeRunResult => ({
    ok: false,
    reason,
    error: `${where}: ${message}${line !== undefined ? ` (line ${line})` : ""}`,
    ...(line !== undefined ? { line } : {}),
    logs,
    durationMs: elapsed(),
  });

  let inputsJson: string;
  try {
    inputsJson = JSON.stringify(req.inputs);
  } catch (e) {
    return fail("result", `the inputs are not JSON-serialisable: ${(e as Error).message}`);
  }
  const outcome = await pool.run({ filename, source: req.source, inputsJson }, { timeoutMs, memoryMb });
  if (outcome.type === "timeout") return fail("timeout", `stopped after ${timeoutMs} ms (time limit)`);
  if (outcome.type === "memory") return fail("memory", `stopped: memory limit ${memoryMb} MB exceeded`);
  if (outcome.type === "crashed") return fail("crashed", `the sandbox stopped: ${outcome.message}`);
  const reply = outcome.reply;
  if (!reply.ok) {
    const reason: CodeFailure = reply.kind === "internal" ? "crashed" : reply.kind;
    return fail(reason, describeError(reply.error), reply.logs, errorLine(reply.error.stack, filename));
  }
  let value: unknown;
  try {
    value = JSON.parse(reply.json);
  } catch {
    return fail("result", "the sandbox could not read the result (it is not JSON)", reply.logs);
  }
  const checked = checkOutputs(value, req.outputs);
  if ("error" in checked) return fail("result", checked.error, reply.logs);
  return { ok: true, value, outputs: checked.outputs, logs: reply.logs, durationMs: elapsed() };
}
