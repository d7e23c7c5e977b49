/** The code-node sandbox: results, errors with lines, time and memory limits, no host access, worker reuse. */
import { afterAll, describe, expect, it } from "vitest";
import { SandboxPool } from "../../../src/main/sandbox/pool";
import { runCode, type CodeRunRequest } from "../../../src/main/sandbox/runCode";

const pool = new SandboxPool({ maxWorkers: 2, idleMs: 5_000 });
afterAll(() => pool.close());

const run = (source: string, extra: Partial<CodeRunRequest> = {}) => runCode({ nodeId: "c1", source, inputs: { x: 3, text: " Hi " }, outputs: ["y"], ...extra }, pool);

describe("results", () => {
  it("returns the declared outputs of a sync function", async () => {
    const r = await run("(inputs) => ({ y: inputs.x * 2, extra: true })");
    expect(r).toMatchObject({ ok: true, outputs: { y: 6 }, value: { y: 6, extra: true } });
  });

  it("awaits an async function", async () => {
    const r = await run("async ({ x }) => { const v = await Promise.all([x, Promise.resolve(4)]); return { y: v[0] + v[1] }; }");
    expect(r).toMatchObject({ ok: true, outputs: { y: 7 } });
  });

  it("accepts a function declaration and captures console.log", async () => {
    const r = await run("function main(inputs) {\n  console.log('text is', inputs.text.trim(), { n: 1 });\n  return { y: inputs.text.trim() };\n}");
    expect(r).toMatchObject({ ok: true, outputs: { y: "Hi" }, logs: ['text is Hi {"n":1}'] });
  });

  it("passes JSON values in and out", async () => {
    const image = { kind: "image", source: "images/a.png" };
    const r = await runCode({ nodeId: "c1", source: "(i) => ({ y: { img: i.image.source, n: i.list.length, d: new Date(0).toISOString() } })", inputs: { image, list: [1, 2] }, outputs: ["y"] }, pool);
    expect(r).toMatchObject({ ok: true, outputs: { y: { img: "images/a.png", n: 2, d: "1970-01-01T00:00:00.000Z" } } });
  });
});

describe("errors", () => {
  it("a thrown error gives its message and line", async () => {
    const r = await run("(inputs) => {\n  const words = inputs.text.split(' ');\n  throw new RangeError('too few words: ' + words.length);\n}");
    expect(r).toMatchObject({ ok: false, reason: "thrown", line: 3, error: "code node c1: RangeError: too few words: 3 (line 3)" });
  });

  it("a runtime TypeError names its line", async () => {
    const r = await run("(inputs) => {\n\n  return { y: inputs.missing.length };\n}");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^code node c1: TypeError: Cannot read properties of undefined \(reading 'length'\) \(line 3\)$/);
  });

  it("a syntax error names its line", async () => {
    const r = await run("(inputs) => {\n  return { y: 1 \n  oops\n}");
    expect(r).toMatchObject({ ok: false, reason: "syntax", line: 3 });
    if (!r.ok) expect(r.error).toMatch(/^code node c1: SyntaxError: .* \(line 3\)$/);
  });

  it("a missing output, a non-object result and a non-function are errors", async () => {
    expect(await run("() => ({ z: 1 })")).toMatchObject({ ok: false, reason: "result", error: 'code node c1: the function returned no "y" (it returned: z)' });
    expect(await run("() => 42")).toMatchObject({ ok: false, error: 'code node c1: the function must return an object with "y" (it returned number 42)' });
    expect(await run("42")).toMatchObject({ ok: false, error: "code node c1: TypeError: the code must be a function such as (inputs) => ({ ... }); it evaluated to number" });
  });

  it("a promise that never settles is an error, not a hang", async () => {
    expect(await run("() => new Promise(() => {})")).toMatchObject({ ok: false, reason: "result", error: expect.stringContaining("never settled") });
  });
});

describe("limits", () => {
  it("stops an infinite loop at the time limit, and the next run works", async () => {
    const t0 = Date.now();
    const r = await run("() => { for (;;) {} }", { timeoutMs: 400 });
    const took = Date.now() - t0;
    expect(r).toMatchObject({ ok: false, reason: "timeout", error: "code node c1: stopped after 400 ms (time limit)" });
    expect(took).toBeGreaterThanOrEqual(400);
    expect(took).toBeLessThan(2_000);
    expect(await run("(i) => ({ y: i.x })")).toMatchObject({ ok: true, outputs: { y: 3 } });
  });

  it("uses a 1000 ms time limit by default", async () => {
    expect(await run("() => { while (true) {} }")).toMatchObject({ ok: false, error: "code node c1: stopped after 1000 ms (time limit)" });
  });

  it("stops an endless async loop (microtasks only) at the time limit", async () => {
    const r = await run("async () => { for (;;) await null; }", { timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, reason: "timeout", error: "code node c1: stopped after 300 ms (time limit)" });
  });

  it("stops an allocation bomb at the memory limit, and the next run works", async () => {
    const r = await run("() => { const a = []; for (;;) a.push(new Array(100000).fill(a.length)); }", { timeoutMs: 20_000, memoryMb: 64 });
    expect(r).toMatchObject({ ok: false, reason: "memory", error: "code node c1: stopped: memory limit 64 MB exceeded" });
    expect(await run("(i) => ({ y: i.x + 1 })", { memoryMb: 64 })).toMatchObject({ ok: true, outputs: { y: 4 } });
  });

  it("a single allocation far past the limit stops only the worker (the host process lives on)", async () => {
    // V8 aborts a whole process on these; the worker's own host process dies, not this one.
    for (const source of [
      "(i) => ({ y: 'y'.repeat(100 * 1024 * 1024) })",
      "(i) => ({ y: 'y'.repeat(100 * 1024 * 1024).toUpperCase().length })",
    ]) {
      const r = await run(source, { timeoutMs: 20_000, memoryMb: 64 });
      expect(r, source).toMatchObject({ ok: false, reason: "memory", error: "code node c1: stopped: memory limit 64 MB exceeded" });
    }
    expect(await run("(i) => ({ y: i.x + 1 })", { memoryMb: 64 })).toMatchObject({ ok: true, outputs: { y: 4 } });
  });

  it("refuses a result over 32 MB of JSON in the worker, so the host never receives it", async () => {
    const r = await run("(i) => ({ y: 'y'.repeat(40 * 1024 * 1024) })", { timeoutMs: 20_000, memoryMb: 256 });
    expect(r).toMatchObject({ ok: false, reason: "result", error: "code node c1: the result is 40 MB of JSON, more than the limit of 32 MB" });
  });
});

describe("no host access", () => {
  it("has no require, process, fetch, timers, Buffer or module", async () => {
    const r = await run("() => ({ y: [typeof require, typeof process, typeof fetch, typeof setTimeout, typeof Buffer, typeof module, typeof globalThis.process, typeof WebAssembly, typeof SharedArrayBuffer].join(',') })");
    expect(r).toMatchObject({ ok: true, outputs: { y: Array(9).fill("undefined").join(",") } });
  });

  it("refuses import()", async () => {
    const r = await run("async () => { await import('node:fs'); return { y: 'imported' }; }");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^code node c1: TypeError: .*dynamic import/i);
  });

  it("cannot compile strings (eval, Function, the constructor escape)", async () => {
    for (const source of [
      "() => ({ y: this.constructor.constructor('return process')() })",
      "() => ({ y: Function('return 1')() })",
      "() => ({ y: (() => {}).constructor('return globalThis.process')() })",
      "() => ({ y: Object.getPrototypeOf(async () => {}).constructor('return 1') })",
    ]) {
      const r = await run(source);
      expect(r, source).toMatchObject({ ok: false, reason: "thrown", error: expect.stringContaining("Code generation from strings disallowed") });
    }
  });

  it("sees no function of the host through stack frames", async () => {
    const r = await run(
      "() => { Error.prepareStackTrace = (e, frames) => frames.map((f) => typeof f.getFunction()).join(','); return { y: new Error().stack }; }",
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(String(r.outputs.y).split(",").slice(1).every((t) => t === "undefined")).toBe(true);
  });

  it("does not carry changes to built-ins from one run to the next", async () => {
    await run("() => { Array.prototype.polluted = 1; Object.prototype.toJSON = function () { return 'x'; }; return { y: 1 }; }");
    expect(await run("() => ({ y: typeof [].polluted + ',' + typeof ({}).toJSON })")).toMatchObject({ ok: true, outputs: { y: "undefined,undefined" } });
  });
});

describe("pool", () => {
  it("reuses workers and queues runs beyond its size", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => run(`() => ({ y: ${i} })`)));
    expect(results.map((r) => (r.ok ? r.outputs.y : r.error))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(pool.size).toBeLessThanOrEqual(2);
  });

  it("a stopped worker does not hold up the others", async () => {
    const [slow, fast] = await Promise.all([run("() => { for (;;) {} }", { timeoutMs: 300 }), run("(i) => ({ y: i.x })")]);
    expect(slow).toMatchObject({ ok: false, reason: "timeout" });
    expect(fast).toMatchObject({ ok: true, outputs: { y: 3 } });
  });
});
