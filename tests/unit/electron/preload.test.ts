import { describe, expect, it, vi } from "vitest";

const exposed: Record<string, unknown> = {};
const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
const invoke = vi.fn(async (...args: unknown[]) => ({ ok: true, result: args }));

vi.mock("electron", () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
  ipcRenderer: {
    invoke,
    on: (channel: string, fn: (...args: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(fn);
    },
    removeListener: (channel: string, fn: (...args: unknown[]) => void) => void listeners.get(channel)?.delete(fn),
  },
}));

describe("the preload", () => {
  it("exposes window.cascade with call and on, and nothing else", async () => {
    await import("../../../src/preload/index");
    expect(Object.keys(exposed)).toEqual(["cascade"]);
    const bridge = exposed.cascade as { call: (m: string, p: unknown) => Promise<unknown>; on: (e: string, l: (p: unknown) => void) => () => void };
    expect(Object.keys(bridge).sort()).toEqual(["call", "on"]);

    expect(await bridge.call("app.info", { a: 1 })).toEqual({ ok: true, result: ["cascade:call", "app.info", { a: 1 }] });

    const got: unknown[] = [];
    const off = bridge.on("run-batch", (p) => got.push(p));
    const emit = (message: unknown) => listeners.get("cascade:event")!.forEach((fn) => fn({}, message));
    emit({ event: "run-batch", payload: { type: "progress" } });
    emit({ event: "other", payload: 1 });
    off();
    emit({ event: "run-batch", payload: { type: "late" } });
    expect(got).toEqual([{ type: "progress" }]);
  });
});
