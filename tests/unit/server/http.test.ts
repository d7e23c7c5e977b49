import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { rawGet, startTestServer, type TestServer } from "./helpers";

let t: TestServer;
afterEach(async () => t?.close());

describe("static files", () => {
  it("serves the renderer with content types and security headers, without a token", async () => {
    t = await startTestServer();
    const page = await rawGet(t.server.port, "/");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["referrer-policy"]).toBe("no-referrer");
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    expect(page.headers["content-security-policy"]).toContain("connect-src 'self'");
    expect(page.body).toContain("<title>app</title>");
    expect((await rawGet(t.server.port, "/assets/app.js")).headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect((await rawGet(t.server.port, "/assets/app.css")).headers["content-type"]).toBe("text/css; charset=utf-8");
  });

  it("falls back to index.html for client routes, 404 for missing assets", async () => {
    t = await startTestServer();
    const route = await rawGet(t.server.port, "/runs/abc?x=1");
    expect(route.status).toBe(200);
    expect(route.body).toContain("<title>app</title>");
    expect((await rawGet(t.server.port, "/assets/missing.js")).status).toBe(404);
  });

  it("never serves files outside the renderer folder", async () => {
    t = await startTestServer();
    for (const path of ["/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt", "/..\\secret.txt", "/%2e%2e%5csecret.txt", "/assets/%00.js"]) {
      const res = await rawGet(t.server.port, path);
      expect(res.body, path).not.toContain("TOP SECRET");
      expect([200, 400, 404], path).toContain(res.status);
    }
  });

  it("refuses requests addressed to another host (403) and non-GET methods", async () => {
    t = await startTestServer();
    expect((await rawGet(t.server.port, "/", { host: `evil.example:${t.server.port}` })).status).toBe(403);
    expect((await rawGet(t.server.port, "/", { host: `localhost:${t.server.port}` })).status).toBe(200);
    const post = await fetch(`http://127.0.0.1:${t.server.port}/`, { method: "POST" });
    expect(post.status).toBe(405);
  });
});

/** Runs an inline dataset whose rows name these images, and reads its rows back: the UI has now been shown them. */
async function showImages(sources: string[]): Promise<void> {
  const doc = {
    format: "cascade-studio/pipeline",
    version: 1,
    name: "images",
    models: {},
    nodes: [{ id: "data", kind: "dataset", position: { x: 0, y: 0 }, config: { source: { type: "inline", rows: sources.map((image, i) => ({ id: `r${i}`, image })) }, columns: [{ name: "image", type: "image" }], idColumn: "id" } }],
    edges: [],
  } as const;
  const { runId } = await t!.service.call("runs.start", { doc } as never);
  for (let i = 0; i < 200 && (await t!.service.call("runs.get", { runId })).status === "running"; i++) await new Promise((r) => setTimeout(r, 20));
  await t!.service.call("runs.results", { runId, nodeId: "data" });
}

describe("GET /files", () => {
  it("serves only images a page was shown, inside known dataset folders, with the token", async () => {
    t = await startTestServer();
    const templates = join(t.root, "templates");
    mkdirSync(join(templates, "data", "images"), { recursive: true });
    writeFileSync(join(templates, "data", "images", "a.png"), "PNGDATA");
    writeFileSync(join(templates, "data", "images", "never-shown.png"), "PNGDATA");
    writeFileSync(join(templates, "data", "notes.txt"), "text");
    writeFileSync(join(t.root, "outside.png"), "PNGDATA");
    const token = t.server.token;
    const q0 = (path: string) => `/files?path=${encodeURIComponent(path)}&token=${token}`;
    // Nothing shown yet: even an image of the templates folder is not served.
    expect((await rawGet(t.server.port, q0("data/images/a.png"))).status).toBe(404);
    await showImages(["data/images/a.png", join(templates, "data/images/a.png"), join(t.root, "outside.png")]);
    expect((await rawGet(t.server.port, q0("data/images/never-shown.png"))).status).toBe(404);
    // Shown, but outside every dataset folder: still not served.
    expect((await rawGet(t.server.port, q0(join(t.root, "outside.png")))).status).toBe(404);
    const q = (path: string, tok = token) => `/files?path=${encodeURIComponent(path)}&token=${tok}`;
    const ok = await rawGet(t.server.port, q("data/images/a.png"));
    expect(ok.status).toBe(200);
    expect(ok.headers["content-type"]).toBe("image/png");
    expect(ok.body).toBe("PNGDATA");
    expect((await rawGet(t.server.port, q(join(templates, "data/images/a.png")))).status).toBe(200);
    expect((await rawGet(t.server.port, q("data/images/a.png", "wrong"))).status).toBe(401);
    expect((await rawGet(t.server.port, `/files?path=data/images/a.png`)).status).toBe(401);
    expect((await rawGet(t.server.port, q("data/notes.txt"))).status).toBe(403);
    expect((await rawGet(t.server.port, q("../secret.png"))).status).toBe(404);
    expect((await rawGet(t.server.port, q("/etc/passwd.png"))).status).toBe(404);
    expect((await rawGet(t.server.port, q("data/images/a.png"), { origin: "http://evil.example" })).status).toBe(403);
  });
});
