/**
 * The sandbox host: a child process (`node sandboxHost.js <limits JSON>`, started by ./pool.ts) that runs one
 * code-node worker thread (./sandboxWorker.ts) with the node's heap limits and relays messages between it and
 * the app over the IPC channel.
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
import { startWorkerThread } from "../workerFile";
import type { WorkerError, WorkerHeapLimits } from "./types";

const send = process.send?.bind(process);
if (!send) throw new Error("sandboxHost.ts runs as a child process with an IPC channel (see pool.ts)");
const limits = JSON.parse(process.argv[2] ?? "null") as WorkerHeapLimits;

// No environment and none of this process's Node options: the worker gets only what it needs to load.
const worker = startWorkerThread(import.meta.url, "sandboxWorker", { execArgv: [], env: {}, stdout: true, stderr: true, resourceLimits: limits });
let failed = false;
worker.on("message", (m: unknown) => send(m));
worker.on("error", (e: Error & { code?: unknown }) => {
  failed = true;
  const reply: WorkerError = { type: "worker-error", code: String(e?.code || ""), message: String(e?.message || e) };
  send(reply, undefined, undefined, () => process.exit(1));
});
worker.on("exit", (code) => {
  if (!failed) process.exit(code === 0 ? 0 : 1);
});
process.on("message", (job) => worker.postMessage(job));
// The app went away (it exited or was killed): nothing is left to do.
process.on("disconnect", () => process.exit(0));
