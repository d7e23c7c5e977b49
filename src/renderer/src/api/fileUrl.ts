/**
 * The URL an <img> can show for an image of a dataset row (a path absolute or relative to its dataset folder).
 * Browser mode: GET /files with the token; Electron: a file:// URL (only absolute paths can be shown there).
 */
import { browserToken } from "./client";

export function datasetFileUrl(path: string): string | null {
  if (/^(data:|https?:)/.test(path)) return path;
  if (typeof window !== "undefined" && window.cascade) {
    return path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path) ? `file://${encodeURI(path.replace(/\\/g, "/"))}` : null;
  }
  const token = browserToken();
  return token ? `/files?path=${encodeURIComponent(path)}&token=${encodeURIComponent(token)}` : null;
}
