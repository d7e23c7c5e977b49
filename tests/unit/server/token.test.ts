import { describe, expect, it } from "vitest";
import { socketUrl } from "../../../src/renderer/src/api/client";
import { readToken } from "../../../src/renderer/src/api/token";

function memoryStorage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe("readToken", () => {
  it("takes the token from the URL, stores it, and strips only that parameter", () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const history = { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) };
    const token = readToken({ location: { href: "http://127.0.0.1:5000/app?x=1&token=abc_DEF-1&y=2#/runs" }, storage, history });
    expect(token).toBe("abc_DEF-1");
    expect(storage.data.get("cascade.token")).toBe("abc_DEF-1");
    expect(replaced).toEqual(["/app?x=1&y=2#/runs"]);
  });

  it("falls back to the stored token after a reload", () => {
    const storage = memoryStorage();
    storage.setItem("cascade.token", "kept");
    expect(readToken({ location: { href: "http://127.0.0.1:5000/" }, storage })).toBe("kept");
  });

  it("keeps the token in the URL when storage does not work", () => {
    const replaced: string[] = [];
    const storage = {
      getItem: () => null,
      setItem: () => {
        throw new Error("denied");
      },
    };
    const history = { state: null, replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) };
    expect(readToken({ location: { href: "http://h/?token=t1" }, storage, history })).toBe("t1");
    expect(replaced).toEqual([]);
  });

  it("builds the socket URL of the page's host", () => {
    expect(socketUrl({ protocol: "http:", host: "127.0.0.1:4000" }, "a b")).toBe("ws://127.0.0.1:4000/ws?token=a%20b");
    expect(socketUrl({ protocol: "https:", host: "box:443" }, "t")).toBe("wss://box:443/ws?token=t");
  });
});
