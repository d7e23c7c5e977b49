/** Browser mode in a real browser: the app loads with its token; a page without the token cannot open the socket. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppHarness } from "./harness";

let app: AppHarness;

beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

/** Opens a WebSocket from the page and reports whether it opened or was refused. */
async function tryOpen(url: string): Promise<string> {
  return app.page.evaluate(
    (u) =>
      new Promise<string>((done) => {
        const ws = new WebSocket(u);
        ws.onopen = () => {
          ws.close();
          done("open");
        };
        ws.onerror = () => done("refused");
        setTimeout(() => done("timeout"), 5000);
      }),
    url,
  );
}

describe("browser mode server in Chromium", () => {
  it("loads the app page with the token and answers calls over its socket", async () => {
    await app.page.waitForSelector("#root > *", { timeout: 15_000 });
    const wsUrl = `ws://127.0.0.1:${app.server.port}/ws?token=${app.server.token}`;
    expect(await tryOpen(wsUrl)).toBe("open");
    const info = await app.page.evaluate(
      (u) =>
        new Promise<unknown>((done, fail) => {
          const ws = new WebSocket(u);
          ws.onopen = () => ws.send(JSON.stringify({ id: 7, method: "app.info" }));
          ws.onmessage = (e) => {
            const m = JSON.parse(e.data);
            if (m.id === 7) done(m);
          };
          ws.onerror = () => fail(new Error("socket refused"));
        }),
      wsUrl,
    );
    expect(info).toMatchObject({ id: 7, ok: true, result: { mode: "browser", canStoreSecrets: false } });
  });

  it("serves the built assets with their content types", async () => {
    const scripts = await app.page.evaluate(() => [...document.querySelectorAll("script[src]")].map((s) => (s as HTMLScriptElement).src));
    expect(scripts.length).toBeGreaterThan(0);
    const response = await app.page.request.get(scripts[0]);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/javascript");
  });

  it("keeps the token for reloads and bookmarks (localStorage) and removes it from the address bar", async () => {
    expect(new URL(app.page.url()).searchParams.get("token")).toBeNull();
    expect(await app.page.evaluate(() => localStorage.getItem("cascade.token"))).toBe(app.server.token);
    await app.page.reload();
    await app.page.waitForSelector("#root > *", { timeout: 15_000 });
    expect(new URL(app.page.url()).searchParams.get("token")).toBeNull();
    expect(await app.page.evaluate(() => localStorage.getItem("cascade.token"))).toBe(app.server.token);
    expect(app.errors).toEqual([]);
  });

  it("refuses a WebSocket opened from the page without the token or with a wrong one", async () => {
    expect(await tryOpen(`ws://127.0.0.1:${app.server.port}/ws`)).toBe("refused");
    expect(await tryOpen(`ws://127.0.0.1:${app.server.port}/ws?token=${"x".repeat(app.server.token.length)}`)).toBe("refused");
  });

  it("refuses a page of another origin even with the token", async () => {
    // The same page under the name localhost is another origin than 127.0.0.1, like any other web page.
    const other = await app.context.newPage();
    await other.goto(`http://localhost:${app.server.port}/`);
    const result = await other.evaluate(
      (u) =>
        new Promise<string>((done) => {
          const ws = new WebSocket(u);
          ws.onopen = () => done("open");
          ws.onerror = () => done("refused");
        }),
      `ws://127.0.0.1:${app.server.port}/ws?token=${app.server.token}`,
    );
    await other.close();
    expect(result).toBe("refused");
  });
});
