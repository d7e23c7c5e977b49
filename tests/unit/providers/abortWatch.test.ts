import { describe, expect, it } from "vitest";
import { watchAbort } from "../../../src/main/providers/abortWatch";

describe("watchAbort", () => {
  it("calls every callback still watching when the signal aborts, once, in the order they began, and not those that stopped", () => {
    const ac = new AbortController();
    const calls: string[] = [];
    watchAbort(ac.signal, () => calls.push("a"));
    const stopB = watchAbort(ac.signal, () => calls.push("b"));
    watchAbort(ac.signal, () => calls.push("c"));
    const stopD = watchAbort(ac.signal, () => calls.push("d"));
    stopB();
    stopD();
    stopD(); // stopping twice changes nothing
    ac.abort();
    ac.abort();
    expect(calls).toEqual(["a", "c"]);
  });

  it("adds one listener to the signal however many wait on it", () => {
    const ac = new AbortController();
    let added = 0;
    const add = ac.signal.addEventListener.bind(ac.signal);
    ac.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      added++;
      add(...args);
    }) as typeof ac.signal.addEventListener;
    const stops = Array.from({ length: 100 }, () => watchAbort(ac.signal, () => {}));
    for (const stop of stops) stop();
    watchAbort(ac.signal, () => {});
    expect(added).toBe(1);
  });

  it("keeps separate signals apart, and a callback that throws does not stop the others", async () => {
    const one = new AbortController();
    const two = new AbortController();
    const calls: string[] = [];
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    const listeners = process.listeners("uncaughtException");
    process.removeAllListeners("uncaughtException");
    process.on("uncaughtException", onUncaught);
    try {
      watchAbort(one.signal, () => {
        throw new Error("boom");
      });
      watchAbort(one.signal, () => calls.push("one"));
      watchAbort(two.signal, () => calls.push("two"));
      one.abort();
      expect(calls).toEqual(["one"]);
      await new Promise((r) => setTimeout(r, 10));
      expect(uncaught.map((e) => (e as Error).message)).toEqual(["boom"]);
    } finally {
      process.off("uncaughtException", onUncaught);
      for (const l of listeners) process.on("uncaughtException", l);
    }
  });

  it("does not call a callback added after the signal aborted (as addEventListener)", () => {
    const ac = new AbortController();
    watchAbort(ac.signal, () => {});
    ac.abort();
    let called = false;
    watchAbort(ac.signal, () => (called = true));
    expect(called).toBe(false);
  });
});
