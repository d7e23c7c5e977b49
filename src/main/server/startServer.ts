/**
 * Browser mode: one node:http server on a loopback address serving the built renderer, GET /files (dataset
 * images) and the WebSocket carrier at /ws. Data needs the per-start token; Host and Origin must be this server.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { Service } from "../service/createService";
import { serveDatasetFile } from "./filesEndpoint";
import { allowedHostNames, checkHost, checkOrigin, checkToken, newToken, type Refusal } from "./security";
import { sendText, serveStatic } from "./staticFiles";
import { attachSocket } from "./wsCarrier";

export interface ServerOptions {
  port?: number;
  host?: string;
  service: Pick<Service, "dispatch" | "on" | "readableFiles">;
  staticDir?: string;
  /** Defaults to a fresh random token. */
  token?: string;
}

export interface RunningServer {
  /** The page to open, with ?token=. */
  url: string;
  port: number;
  host: string;
  token: string;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

function urlHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

function refuseUpgrade(socket: Duplex, refusal: NonNullable<Refusal>): void {
  const text = refusal.status === 401 ? "Unauthorized" : "Forbidden";
  socket.end(`HTTP/1.1 ${refusal.status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(refusal.reason)}\r\n\r\n${refusal.reason}`);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const staticDir = options.staticDir ?? "out/renderer";
  const token = options.token ?? newToken();
  const { service } = options;
  let port = options.port ?? 0;
  const hostNames = allowedHostNames(host);

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  wss.on("connection", (socket) => attachSocket(socket, service));

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = checkHost(req, host, port, hostNames);
    if (refusal) return sendText(res, refusal.status, refusal.reason);
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/files") {
      const denied = checkOrigin(req) ?? checkToken(url, token);
      if (denied) return sendText(res, denied.status, denied.reason);
      return serveDatasetFile(req, res, url, service);
    }
    if (url.pathname === "/ws") return sendText(res, 426, "this is the WebSocket endpoint");
    // The page asks first whether its token is right, to say "token missing" rather than "connection lost".
    if (url.pathname === "/auth") {
      const denied = checkOrigin(req) ?? checkToken(url, token);
      return denied ? sendText(res, denied.status, denied.reason) : sendText(res, 200, "ok");
    }
    return serveStatic(req, res, staticDir, url.pathname);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, "internal error");
      else res.destroy();
    });
  });
  server.on("upgrade", (req, socket, head) => {
    socket.on("error", () => socket.destroy());
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/ws") return refuseUpgrade(socket, { status: 403, reason: "no WebSocket here" });
    const refusal = checkToken(url, token) ?? checkHost(req, host, port, hostNames) ?? checkOrigin(req);
    if (refusal) return refuseUpgrade(socket, refusal);
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host)}:${port}/?token=${token}`,
    port,
    host,
    token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
