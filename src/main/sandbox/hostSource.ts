/**
 * The sandbox host: a child process (`node -e hostSource(limits)`) that runs one code-node worker thread
 * (./workerSource.ts) with the node's heap limits and relays messages between it and the app over the IPC
 * channel.
 *
 * Why a process around the thread: a worker thread that reaches its heap limit is normally stopped on its own
 * (ERR_WORKER_OUT_OF_MEMORY, relayed as {type:"worker-error"}), but V8 gives it only a little leeway past the
 * limit; one allocation that overshoots it by more (a 100 MB string flattened by JSON.stringify or
 * toUpperCase, a 50-million-element array) aborts the whole process — here this child, never the app. The
 * pool then reads V8's "heap out of memory" report on the child's stderr.
 *
 * Protocol: host → parent {type:"ready"} (the worker's), then parent → host SandboxJob, host → parent
 * SandboxReply; a worker that fails sends {type:"worker-error", code, message} and the host exits.
 */
import { WORKER_SOURCE } from "./workerSource";

export interface WorkerHeapLimits {
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
  stackSizeMb: number;
}

export function hostSource(limits: WorkerHeapLimits): string {
  return String.raw`
"use strict";
const { Worker } = require("node:worker_threads");
const worker = new Worker(${JSON.stringify(WORKER_SOURCE)}, {
  eval: true, execArgv: [], env: {}, stdout: true, stderr: true, resourceLimits: ${JSON.stringify(limits)},
});
let failed = false;
worker.on("message", (m) => process.send(m));
worker.on("error", (e) => {
  failed = true;
  process.send({ type: "worker-error", code: String((e && e.code) || ""), message: String((e && e.message) || e) }, () => process.exit(1));
});
worker.on("exit", (code) => { if (!failed) process.exit(code === 0 ? 0 : 1); });
process.on("message", (job) => worker.postMessage(job));
// The app went away (it exited or was killed): nothing is left to do.
process.on("disconnect", () => process.exit(0));
`;
}

export interface WorkerError {
  type: "worker-error";
  code: string;
  message: string;
}

export function isWorkerError(m: unknown): m is WorkerError {
  return typeof m === "object" && m !== null && (m as { type?: unknown }).type === "worker-error";
}
