/**
 * Serves the built renderer (out/renderer): GET/HEAD only, paths confined to the folder, index.html for
 * every path that is not a file (client-side routes). These files hold no user data; no token is needed.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join, resolve, sep } from "node:path";
import { mimeType } from "./mime";

export const PAGE_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  // The page URL carries the token: never send it to anyone in a Referer.
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** The file a URL path names inside root, or null when it would leave root. */
export function confinedPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const base = resolve(root);
  const target = resolve(join(base, decoded));
  return target === base || target.startsWith(base + sep) ? target : null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The page's own policy: only its scripts, its socket and its /files images (browser mode). */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function sendFile(req: IncomingMessage, res: ServerResponse, file: string, size: number, extra: Record<string, string> = {}): void {
  res.writeHead(200, { ...PAGE_HEADERS, "Content-Type": mimeType(file), "Content-Length": String(size), ...extra });
  if (req.method === "HEAD") return void res.end();
  const stream = createReadStream(file);
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...PAGE_HEADERS, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
  res.end(text + "\n");
}

export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") return sendText(res, 405, "method not allowed");
  const target = confinedPath(root, pathname);
  if (!target) return sendText(res, 404, "not found");
  const index = join(resolve(root), "index.html");
  const file = (await isFile(target)) ? target : index;
  // A missing asset (with an extension) is a 404; other paths are client routes and get the app.
  if (file === index && target !== index && /\.[A-Za-z0-9]+$/.test(pathname) && !pathname.endsWith(".html")) return sendText(res, 404, "not found");
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return sendText(res, 404, "the renderer is not built (run npm run build:renderer)");
  }
  const cache: Record<string, string> = file === index ? { "Cache-Control": "no-store", "Content-Security-Policy": PAGE_CSP } : { "Cache-Control": "no-cache" };
  sendFile(req, res, file, size, cache);
}
