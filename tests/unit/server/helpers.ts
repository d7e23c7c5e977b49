/** A browser-mode server over the real service (in-memory store) and a tiny built "renderer" in a temp dir. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, type RunningServer } from "../../../src/main/server/startServer";
import { createService, type Service, type ServiceDeps } from "../../../src/main/service/createService";
import { openStore, type Store } from "../../../src/main/store";

export interface TestServer {
  server: RunningServer;
  service: Service;
  store: Store;
  root: string;
  close(): Promise<void>;
}

export async function startTestServer(deps: Partial<ServiceDeps> = {}): Promise<TestServer> {
  const root = mkdtempSync(join(tmpdir(), "cascade-server-"));
  const staticDir = join(root, "renderer");
  mkdirSync(join(staticDir, "assets"), { recursive: true });
  writeFileSync(join(staticDir, "index.html"), "<!doctype html><title>app</title>");
  writeFileSync(join(staticDir, "assets", "app.js"), "console.log(1)");
  writeFileSync(join(staticDir, "assets", "app.css"), "body{}");
  writeFileSync(join(root, "secret.txt"), "TOP SECRET");
  const store = openStore(":memory:");
  const service = createService({ store, templatesDir: join(root, "templates"), mode: "browser", ...deps });
  const server = await startServer({ port: 0, service, staticDir });
  return {
    server,
    service,
    store,
    root,
    async close() {
      await server.close();
      await service.close();
      store.close();
    },
  };
}

/** A raw GET: the path is sent exactly as given (no normalisation), with the given headers. */
export function rawGet(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: "GET", headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}
