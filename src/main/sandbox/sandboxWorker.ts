/**
 * The code-node worker thread. It lives in a child process of its own (./sandboxHost.ts), never in the app's
 * process, and is started with the node's heap limits, no environment and no Node options of the app.
 *
 * Each job gets a fresh node:vm context whose global has a null prototype (so no object of the worker's realm
 * is reachable from it) and which cannot compile strings or WebAssembly. The context holds only ECMAScript
 * built-ins (no require, process, import(), fetch, timers, buffers) plus a captured `console.log`
 * (./sandboxPrelude.ts). Only primitives cross between the worker and the context: the inputs go in as JSON
 * text, the result comes out as JSON text that the context itself produced. The worker never calls a method
 * of a context object with an argument of its own, so user code never sees a function of the worker's realm.
 *
 * Protocol: worker → parent {type:"ready"}; parent → worker SandboxJob; worker → parent SandboxReply. A result
 * longer than RESULT_MAX_CHARS of JSON is refused in the worker, so the host never receives an oversized value.
 */
import vm from "node:vm";
import { parentPort } from "node:worker_threads";
import { PRELUDE, RESULT_MAX_CHARS } from "./sandboxPrelude";
import type { SandboxJob, SandboxReply } from "./types";

const port = parentPort;
if (!port) throw new Error("sandboxWorker.ts runs as a worker thread (see sandboxHost.ts)");

/** What the worker reads of a value thrown outside the context (its own errors, a syntax error). */
function field(e: unknown, key: "name" | "message" | "stack"): string {
  return String(e && (e as Record<string, unknown>)[key]);
}

function post(reply: SandboxReply | { type: "ready" }): void {
  port!.postMessage(reply);
}

function compile(source: string, filename: string): vm.Script {
  // As an expression first, so "function f(inputs) {...}" works too; then as a script (completion value).
  try {
    return new vm.Script("(" + source + "\n)", { filename });
  } catch {
    /* fall through */
  }
  return new vm.Script(source, { filename });
}

const READ_ERROR = '(() => { const e = globalThis.__cascadeError; delete globalThis.__cascadeError; return JSON.stringify(e !== null && typeof e === "object" ? { name: String(e.name), message: String(e.message), stack: String(e.stack) } : { name: "Error", message: "threw " + String(e), stack: "" }); })()';
const CALL = "(() => { const f = globalThis.__cascadeFn, i = globalThis.__cascadeInputs; delete globalThis.__cascadeFn; delete globalThis.__cascadeInputs; globalThis.__cascadeRun(f, i); })()";

function runJob(job: SandboxJob): void {
  const sandbox = Object.create(null) as Record<string, unknown>;
  const context = vm.createContext(sandbox, { name: job.filename, codeGeneration: { strings: false, wasm: false } });
  vm.runInContext(PRELUDE, context, { filename: "sandbox-prelude.js" });
  let script: vm.Script;
  try {
    script = compile(job.source, job.filename);
  } catch (e) {
    post({ type: "result", ok: false, kind: "syntax", error: { name: field(e, "name"), message: field(e, "message"), stack: field(e, "stack") }, logs: [] });
    return;
  }
  let fn: unknown;
  try {
    fn = script.runInContext(context, { displayErrors: false });
  } catch (e) {
    // An error thrown while evaluating the code itself; read only primitive fields inside the context.
    sandbox.__cascadeError = e;
    const text: unknown = vm.runInContext(READ_ERROR, context);
    post({ type: "result", ok: false, kind: "thrown", error: JSON.parse(typeof text === "string" ? text : "{}"), logs: [] });
    return;
  }
  sandbox.__cascadeFn = fn;
  sandbox.__cascadeInputs = job.inputsJson;
  vm.runInContext(CALL, context);
  // The context has no timers or I/O: once the microtasks have run, the function has settled or never will.
  setImmediate(() => post(readReply(sandbox.__cascadeReply, sandbox.__cascadeResultJson)));
}

/** The reply the context left (as JSON text made inside it), checked field by field; the result text apart. */
function readReply(text: unknown, resultJson: unknown): SandboxReply {
  let reply: Record<string, unknown> | null | undefined;
  try {
    reply = typeof text === "string" ? (JSON.parse(text) as Record<string, unknown> | null) : undefined;
  } catch {
    reply = undefined;
  }
  const error = reply?.error as Record<string, unknown> | null | undefined;
  const readable =
    reply !== null &&
    typeof reply === "object" &&
    reply.type === "result" &&
    Array.isArray(reply.logs) &&
    (reply.ok === true ? typeof reply.json === "string" : error !== null && typeof error === "object" && typeof error.message === "string");
  if (!readable) {
    const message =
      text === undefined
        ? "the returned promise never settled (the sandbox has no timers or I/O to wait for)"
        : "the sandbox could not read the result (did the code change JSON or Object.prototype?)";
    return { type: "result", ok: false, kind: "result", error: { name: "Error", message, stack: "" }, logs: [] };
  }
  const checked = reply as unknown as SandboxReply;
  if (!checked.ok) return checked;
  const json = typeof resultJson === "string" ? resultJson : "null";
  if (json.length > RESULT_MAX_CHARS) {
    const message = "the result is " + Math.round(json.length / 1048576) + " MB of JSON, more than the limit of " + RESULT_MAX_CHARS / 1048576 + " MB";
    return { type: "result", ok: false, kind: "result", error: { name: "Error", message, stack: "" }, logs: checked.logs };
  }
  return { ...checked, json };
}

port.on("message", (job: SandboxJob) => {
  try {
    runJob(job);
  } catch (e) {
    post({ type: "result", ok: false, kind: "internal", error: { name: "Error", message: field(e, "message"), stack: "" }, logs: [] });
  }
});
post({ type: "ready" });
