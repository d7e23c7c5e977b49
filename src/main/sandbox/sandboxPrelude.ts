/**
 * The code that runs inside each code node's vm context before the user's code (see ./sandboxWorker.ts): it
 * trims the context's global, defines a captured console and `__cascadeRun`, which calls the user's function
 * and leaves the reply as JSON text the context itself produced.
 */

/** The longest result (JSON text) a code node may return: 32 MB. */
export const RESULT_MAX_CHARS = 32 * 1024 * 1024;

/** Runs inside the context before the user's code: trims the global and defines console and the runner. */
export const PRELUDE = String.raw`
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
