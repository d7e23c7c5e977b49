/**
 * GET /files?path=...&token=... — images of dataset rows for the UI. Only image files inside the dataset
 * folders the service knows (templates, datasets of opened runs and previews) are served.
 */
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Service } from "../service/createService";
import { isImage } from "./mime";
import { sendFile, sendText } from "./staticFiles";

export async function serveDatasetFile(req: IncomingMessage, res: ServerResponse, url: URL, service: Pick<Service, "readableFiles">): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") return sendText(res, 405, "method not allowed");
  const path = url.searchParams.get("path");
  if (!path || path.includes("\0")) return sendText(res, 400, "name a file: /files?path=...");
  if (!isImage(path)) return sendText(res, 403, "only images of datasets are served");
  for (const file of service.readableFiles(path)) {
    try {
      const info = await stat(file);
      if (info.isFile()) return sendFile(req, res, file, info.size, { "Cache-Control": "private, max-age=60" });
    } catch {
      // try the next dataset folder
    }
  }
  return sendText(res, 404, `no image "${path}" in a known dataset folder`);
}
