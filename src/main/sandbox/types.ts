/**
 * Messages between the parent, the sandbox host process (./sandboxHost.ts) and its worker (./sandboxWorker.ts),
 * and the limits of one run.
 */

export interface SandboxJob {
  /** Shown in stack traces; used to find the line of an error. */
  filename: string;
  source: string;
  inputsJson: string;
}

export interface SandboxErrorInfo {
  name: string;
  message: string;
  stack: string;
}

export type SandboxReply =
  | { type: "result"; ok: true; json: string; logs: string[] }
  | { type: "result"; ok: false; kind: "syntax" | "thrown" | "result" | "internal"; error: SandboxErrorInfo; logs: string[] };

export interface SandboxLimits {
  timeoutMs: number;
  memoryMb: number;
}

/** What the pool reports for one job: the worker's reply, or why the worker was stopped. */
export type PoolOutcome =
  | { type: "reply"; reply: SandboxReply }
  | { type: "timeout" }
  | { type: "memory" }
  | { type: "crashed"; message: string };

export function isSandboxReply(v: unknown): v is SandboxReply {
  if (typeof v !== "object" || v === null) return false;
  const r = v as Record<string, unknown>;
  if (r.type !== "result" || !Array.isArray(r.logs)) return false;
  if (r.ok === true) return typeof r.json === "string";
  const e = r.error as Record<string, unknown> | undefined;
  return r.ok === false && typeof r.kind === "string" && typeof e === "object" && e !== null && typeof e.message === "string";
}

/** The heap limits a sandbox host gives its worker thread (argv[2] of the host, as JSON). */
export interface WorkerHeapLimits {
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
  stackSizeMb: number;
}

/** The host's message when its worker failed (the host exits after it). */
export interface WorkerError {
  type: "worker-error";
  code: string;
  message: string;
}

export function isWorkerError(m: unknown): m is WorkerError {
  return typeof m === "object" && m !== null && (m as { type?: unknown }).type === "worker-error";
}
