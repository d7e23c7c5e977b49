/**
 * The code-node worker, as source text for `new Worker(WORKER_SOURCE, { eval: true })` (so it runs the same
 * under tsx, vitest and a bundled app, with no file to locate). The worker thread lives in a child process of
 * its own (./hostSource.ts), never in the app's process.
 *
 * Each job gets a fresh node:vm context whose global has a null prototype (so no object of the worker's realm
 * is reachable from it) and which cannot compile strings or WebAssembly. The context holds only ECMAScript
 * built-ins (no require, process, import(), fetch, timers, buffers) plus a captured `console.log`.
 * Only primitives cross between the worker and the context: the inputs go in as JSON text, the result comes
 * out as JSON text that the context itself produced. The worker never calls a method of a context object
 * with an argument of its own, so user code never sees a function of the worker's realm.
 *
 * Protocol: worker → parent {type:"ready"}; parent → worker SandboxJob; worker → parent SandboxReply. A result longer than RESULT_MAX_CHARS of JSON is refused in the worker, so the host never
 * receives an oversized value.
 */

/** The longest result (JSON text) a code node may return: 32 MB. */
export const RESULT_MAX_CHARS = 32 * 1024 * 1024;

/** Runs inside the context before the user's code: trims the global and defines console and the runner. */
const PRELUDE = String.raw`
(() => {
  "use strict";
  const g = globalThis;
  for (const name of ["WebAssembly", "SharedArrayBuffer", "Atomics", "ArrayBuffer", "DataView", "Int8Array", "Uint8Array",
    "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array",
    "BigInt64Array", "BigUint64Array", "FinalizationRegistry", "WeakRef", "eval"]) {
    try { delete g[name]; } catch (e) { /* not configurable: leave it */ }
  }
  const logs = [];
  let logChars = 0;
  const show = (v) => {
    if (typeof v === "string") return v;
    try { const s = JSON.stringify(v); return s === undefined ? String(v) : s; } catch (e) { return String(v); }
  };
  const log = (...args) => {
    if (logs.length >= 200 || logChars > 20000) return;
    const line = args.map(show).join(" ");
    logChars += line.length;
    logs.push(line.length > 2000 ? line.slice(0, 2000) + "…" : line);
  };
  g.console = { log, info: log, warn: log, error: log, debug: log };
  const describe = (e) => {
    if (e !== null && typeof e === "object" && typeof e.message === "string") {
      return { name: String(e.name || "Error"), message: e.message, stack: String(e.stack || "") };
    }
    return { name: "Error", message: "threw " + show(e), stack: "" };
  };
  const finish = (reply) => {
    let text;
    try { text = JSON.stringify(reply); } catch (e) {
      text = JSON.stringify({ type: "result", ok: false, kind: "result", error: describe(e), logs });
    }
    g.__cascadeReply = text;
  };
  g.__cascadeRun = (fn, inputsJson) => {
    if (typeof fn !== "function") {
      finish({ type: "result", ok: false, kind: "result", error: { name: "TypeError", message: "the code must be a function such as (inputs) => ({ ... }); it evaluated to " + (fn === null ? "null" : typeof fn), stack: "" }, logs });
      return;
    }
    Promise.resolve()
      .then(() => fn(JSON.parse(inputsJson)))
      .then(
        (value) => {
          let json;
          try { json = JSON.stringify(value === undefined ? null : value); } catch (e) {
            finish({ type: "result", ok: false, kind: "result", error: { name: "TypeError", message: "the result is not JSON-serialisable: " + describe(e).message, stack: "" }, logs });
            return;
          }
          // The result text travels on its own (a primitive string), not escaped again inside the reply.
          g.__cascadeResultJson = json;
          finish({ type: "result", ok: true, json: "", logs });
        },
        (e) => finish({ type: "result", ok: false, kind: "thrown", error: describe(e), logs }),
      );
  };
})();
`;

/** The worker's own code (CommonJS; `require` is the worker's, never given to the context). */
export const WORKER_SOURCE = String.raw`
"use strict";
const { parentPort } = require("node:worker_threads");
const vm = require("node:vm");
const PRELUDE = ${JSON.stringify(PRELUDE)};
const RESULT_MAX_CHARS = ${RESULT_MAX_CHARS};

function post(reply) { parentPort.postMessage(reply); }

function compile(source, filename) {
  // As an expression first, so "function f(inputs) {...}" works too; then as a script (completion value).
  try { return new vm.Script("(" + source + "\n)", { filename }); } catch (e) { /* fall through */ }
  return new vm.Script(source, { filename });
}

function runJob(job) {
  const sandbox = Object.create(null);
  const context = vm.createContext(sandbox, { name: job.filename, codeGeneration: { strings: false, wasm: false } });
  vm.runInContext(PRELUDE, context, { filename: "sandbox-prelude.js" });
  let script;
  try {
    script = compile(job.source, job.filename);
  } catch (e) {
    post({ type: "result", ok: false, kind: "syntax", error: { name: String(e && e.name), message: String(e && e.message), stack: String(e && e.stack) }, logs: [] });
    return;
  }
  let fn;
  try {
    fn = script.runInContext(context, { displayErrors: false });
  } catch (e) {
    // An error thrown while evaluating the code itself; read only primitive fields inside the context.
    sandbox.__cascadeError = e;
    const text = vm.runInContext('(() => { const e = globalThis.__cascadeError; delete globalThis.__cascadeError; return JSON.stringify(e !== null && typeof e === "object" ? { name: String(e.name), message: String(e.message), stack: String(e.stack) } : { name: "Error", message: "threw " + String(e), stack: "" }); })()', context);
    post({ type: "result", ok: false, kind: "thrown", error: JSON.parse(typeof text === "string" ? text : "{}"), logs: [] });
    return;
  }
  sandbox.__cascadeFn = fn;
  sandbox.__cascadeInputs = job.inputsJson;
  vm.runInContext("(() => { const f = globalThis.__cascadeFn, i = globalThis.__cascadeInputs; delete globalThis.__cascadeFn; delete globalThis.__cascadeInputs; globalThis.__cascadeRun(f, i); })()", context);
  // The context has no timers or I/O: once the microtasks have run, the function has settled or never will.
  setImmediate(() => {
    const text = sandbox.__cascadeReply;
    const resultJson = sandbox.__cascadeResultJson;
    let reply;
    try { reply = typeof text === "string" ? JSON.parse(text) : undefined; } catch (e) { reply = undefined; }
    const readable = reply !== null && typeof reply === "object" && reply.type === "result" && Array.isArray(reply.logs) &&
      (reply.ok === true ? typeof reply.json === "string" : reply.error !== null && typeof reply.error === "object" && typeof reply.error.message === "string");
    if (readable && reply.ok === true) reply.json = typeof resultJson === "string" ? resultJson : "null";
    if (readable && reply.ok === true && reply.json.length > RESULT_MAX_CHARS) post({ type: "result", ok: false, kind: "result", error: { name: "Error",
      message: "the result is " + Math.round(reply.json.length / 1048576) + " MB of JSON, more than the limit of " + (RESULT_MAX_CHARS / 1048576) + " MB", stack: "" }, logs: reply.logs });
    else if (readable) post(reply);
    else post({ type: "result", ok: false, kind: "result", error: { name: "Error", message: text === undefined
      ? "the returned promise never settled (the sandbox has no timers or I/O to wait for)"
      : "the sandbox could not read the result (did the code change JSON or Object.prototype?)", stack: "" }, logs: [] });
  });
}

parentPort.on("message", (job) => {
  try { runJob(job); } catch (e) {
    post({ type: "result", ok: false, kind: "internal", error: { name: "Error", message: String(e && e.message), stack: "" }, logs: [] });
  }
});
post({ type: "ready" });
`;
