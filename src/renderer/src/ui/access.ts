/**
 * Browser mode: before the editor shows, is this page allowed in? Without a token (a bare address opened in a
 * new browser), or with one the server refuses (rotated with `cascade serve --new-token`), the page says so
 * instead of showing the editor with "connection lost". Electron needs no token.
 */
import { browserToken } from "../api/client";
import { forgetToken } from "../api/token";

export type Access = "ok" | "missing" | "refused" | "unreachable";

export async function checkAccess(): Promise<Access> {
  if (typeof window === "undefined" || window.cascade) return "ok";
  const token = browserToken();
  if (!token) return "missing";
  try {
    const res = await fetch(`/auth?token=${encodeURIComponent(token)}`, { cache: "no-store" });
    if (res.status === 401) {
      forgetToken(window.localStorage);
      return "refused";
    }
    return res.ok ? "ok" : "unreachable";
  } catch {
    return "unreachable";
  }
}
