/** The renderer's WebSocket client against the real browser-mode server (ws stands in for the browser's WebSocket). */
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ApiError } from "../../../src/renderer/src/api/apiError";
import { createWsClient, type WsClient } from "../../../src/renderer/src/api/wsClient";
import { startServer } from "../../../src/main/server/startServer";
import { startTestServer, type TestServer } from "./helpers";

let t: TestServer | undefined;
let client: WsClient | undefined;
afterEach(async () => {
  client?.close();
  await t?.close();
  client = undefined;
  t = undefined;
});

const Impl = WebSocket as unknown as typeof globalThis.WebSocket;
const wsUrl = (s: TestServer, token = s.server.token) => `ws://127.0.0.1:${s.server.port}/ws?token=${token}`;

describe("createWsClient", () => {
  it("queues calls made while connecting and matches replies by id", async () => {
    t = await startTestServer();
    client = createWsClient({ url: wsUrl(t), WebSocketImpl: Impl });
    expect(client.status()).toBe("connecting");
    const [info, list, imported] = await Promise.all([
      client.call("app.info", undefined),
      client.call("pipelines.list", undefined),
      client.call("pipelines.import", { text: "[" }),
    ]);
    expect(info.mode).toBe("browser");
    expect(list).toEqual([]);
    expect(imported.problems[0].code).toBe("bad-json");
    expect(client.status()).toBe("open");
  });

  it("rejects with an ApiError that carries the problems", async () => {
    t = await startTestServer();
    client = createWsClient({ url: wsUrl(t), WebSocketImpl: Impl });
    const doc = { format: "cascade-studio/pipeline", version: 1, name: "x", models: {}, nodes: [{ id: "a" }], edges: [] };
    const error = await client.call("pipelines.export", { doc } as never).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.method).toBe("pipelines.export");
    expect(error.message).toMatch(/pipelines\.export: bad params/);
    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.problems[0].path).toMatch(/^nodes\[0\]/);
  });

  it("reconnects after the server restarts on the same port, and event listeners keep working", async () => {
    t = await startTestServer();
    const { port, token } = t.server;
    client = createWsClient({ url: wsUrl(t), WebSocketImpl: Impl, minDelayMs: 20, maxDelayMs: 100, failAfterAttempts: 100 });
    await client.call("app.info", undefined);
    const statuses: string[] = [];
    client.onStatus((s) => statuses.push(s));
    await t.server.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(client.status()).not.toBe("open");
    const pending = client.call("pipelines.list", undefined); // queued while the server is down
    const again = await startServer({ port, token, service: t.service, staticDir: t.root });
    t.server = again;
    expect(await pending).toEqual([]);
    expect(statuses).toContain("open");
  });

  it("rejects queued calls after repeated failures with a message that says what to check", async () => {
    t = await startTestServer();
    client = createWsClient({ url: wsUrl(t, "wrong-token"), WebSocketImpl: Impl, minDelayMs: 10, maxDelayMs: 20, failAfterAttempts: 2 });
    const error = await client.call("app.info", undefined).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toMatch(/cannot reach Cascade Studio .*token/);
  });

  it("refuses calls after close()", async () => {
    t = await startTestServer();
    client = createWsClient({ url: wsUrl(t), WebSocketImpl: Impl });
    client.close();
    await expect(client.call("app.info", undefined)).rejects.toThrow(/closed/);
  });
});
