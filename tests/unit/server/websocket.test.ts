import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import WebSocket from "ws";
import { planRun } from "../../../src/main/service/engineAdapter";
import type { RunEngine } from "../../../src/main/service/runEnginePort";
import { startTestServer, type TestServer } from "./helpers";

let t: TestServer;
afterEach(async () => t?.close());

/** Opens a socket with the given URL and headers; resolves "open" or the HTTP status of the refusal. */
function connect(url: string, headers: Record<string, string> = {}, origin?: string): Promise<{ outcome: "open" | number; ws: WebSocket }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers, ...(origin ? { origin } : {}) });
    ws.on("open", () => resolve({ outcome: "open", ws }));
    ws.on("unexpected-response", (_req, res) => resolve({ outcome: res.statusCode ?? 0, ws }));
    ws.on("error", () => resolve({ outcome: -1, ws }));
  });
}

function request(ws: WebSocket, message: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once("message", (data) => resolve(JSON.parse(String(data))));
    ws.send(typeof message === "string" ? message : JSON.stringify(message));
  });
}

describe("the /ws upgrade", () => {
  it("is refused without the token (401) and with a wrong token (401)", async () => {
    t = await startTestServer();
    const base = `ws://127.0.0.1:${t.server.port}/ws`;
    expect((await connect(base)).outcome).toBe(401);
    expect((await connect(`${base}?token=wrong`)).outcome).toBe(401);
    // One character off: the last one replaced by a different one (a fixed "X" is the token itself 1 time in 64).
    const token = t.server.token;
    const offByOne = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect(offByOne).not.toBe(token);
    expect((await connect(`${base}?token=${offByOne}`)).outcome).toBe(401);
  });

  it("is refused from another origin (403), even with the token", async () => {
    t = await startTestServer();
    const url = `ws://127.0.0.1:${t.server.port}/ws?token=${t.server.token}`;
    expect((await connect(url, {}, "http://evil.example")).outcome).toBe(403);
    expect((await connect(url, {}, `http://localhost:${t.server.port + 1}`)).outcome).toBe(403);
    expect((await connect(url, {}, `http://127.0.0.1:${t.server.port}`)).outcome).toBe("open");
  });

  it("is refused for a foreign Host header (DNS rebinding, 403)", async () => {
    t = await startTestServer();
    const url = `ws://127.0.0.1:${t.server.port}/ws?token=${t.server.token}`;
    expect((await connect(url, { Host: `attacker.example:${t.server.port}` })).outcome).toBe(403);
    expect((await connect(url, { Host: `127.0.0.1:${t.server.port + 1}` })).outcome).toBe(403);
    expect((await connect(url, { Host: `localhost:${t.server.port}` })).outcome).toBe("open");
  });

  it("is refused on other paths", async () => {
    t = await startTestServer();
    expect((await connect(`ws://127.0.0.1:${t.server.port}/other?token=${t.server.token}`)).outcome).toBe(403);
  });

  it("with the token, carries calls, errors with problems, and malformed messages without dying", async () => {
    t = await startTestServer();
    const { outcome, ws } = await connect(t.server.url.replace("http:", "ws:").replace("/?", "/ws?"));
    expect(outcome).toBe("open");
    expect(await request(ws, { id: 1, method: "app.info" })).toMatchObject({ id: 1, ok: true, result: { mode: "browser" } });
    expect(await request(ws, { id: 2, method: "pipelines.import", params: { text: "{" } })).toMatchObject({
      id: 2,
      ok: true,
      result: { problems: [{ code: "bad-json" }] },
    });
    expect(await request(ws, { id: 3, method: "nope" })).toEqual({ id: 3, ok: false, error: { message: 'unknown method "nope"' } });
    expect(await request(ws, "not json")).toEqual({ id: 0, ok: false, error: { message: "malformed message: not JSON" } });
    expect(await request(ws, { method: "app.info" })).toMatchObject({ id: 0, ok: false });
    expect(await request(ws, [1, 2])).toMatchObject({ id: 0, ok: false });
    expect(await request(ws, { id: 4, method: "pipelines.rename", params: { id: "x", name: "y" } })).toMatchObject({
      id: 4,
      ok: false,
      error: { message: expect.stringContaining("x") },
    });
    expect(await request(ws, { id: 5, method: "pipelines.list" })).toEqual({ id: 5, ok: true, result: [] });
    ws.close();
  });

  it("pushes run events to every connected socket, in batches with per-item starts folded", async () => {
    const engine: RunEngine = {
      plan: planRun,
      start(_planned, options) {
        const runId = options.runId;
        setTimeout(() => {
          options.onEvent({ type: "item-started", runId, nodeId: "n", itemId: "i" });
          options.onEvent({ type: "item-started", runId, nodeId: "n", itemId: "j" });
          options.onEvent({ type: "item-failed", runId, nodeId: "n", itemId: "i", error: "boom" });
        }, 20);
        return { done: new Promise((resolve) => options.signal.addEventListener("abort", resolve)) };
      },
      preview: async () => Promise.reject(new Error("unused")),
    };
    t = await startTestServer({ engine });
    const url = `ws://127.0.0.1:${t.server.port}/ws?token=${t.server.token}`;
    const a = (await connect(url)).ws;
    const b = (await connect(url)).ws;
    const nextEvent = (ws: WebSocket) =>
      new Promise((resolve) =>
        ws.on("message", (d) => {
          const m = JSON.parse(String(d));
          if ("event" in m) resolve(m);
        }),
      );
    const events = Promise.all([nextEvent(a), nextEvent(b)]);
    const doc = JSON.parse(readFileSync(join(__dirname, "../../../templates/cot.json"), "utf8"));
    expect(await request(a, { id: 1, method: "runs.start", params: { doc, runId: "r1-0a0b" } })).toEqual({ id: 1, ok: true, result: { started: true, runId: "r1-0a0b" } });
    const expected = {
      event: "run-batch",
      payload: {
        runId: "r1-0a0b",
        events: [
          { type: "items", runId: "r1-0a0b", started: ["i", "j"], streams: [] },
          { type: "item-failed", runId: "r1-0a0b", nodeId: "n", itemId: "i", error: "boom" },
        ],
      },
    };
    expect(await events).toEqual([expected, expected]);
    a.close();
    b.close();
  });
});
