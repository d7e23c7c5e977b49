/**
 * The checks that keep other web pages from driving a browser-mode server: a per-start random token on every
 * data request, a Host header naming this server (no DNS rebinding), and a same-origin Origin (no CSRF).
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export function newToken(): string {
  return randomBytes(24).toString("base64url");
}

export function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const WILDCARD = new Set(["0.0.0.0", "::", "[::]"]);

/** The host names a request may address this server by. */
export function allowedHostNames(bindHost: string): Set<string> {
  const names = new Set(LOOPBACK);
  names.add(bindHost.includes(":") && !bindHost.startsWith("[") ? `[${bindHost}]` : bindHost);
  return names;
}

export type Refusal = { status: 401 | 403; reason: string } | null;

export function checkHost(req: IncomingMessage, bindHost: string, port: number): Refusal {
  const host = (req.headers.host ?? "").toLowerCase();
  // Listening on all interfaces: the machine's own addresses are unknown here; the token still guards data.
  if (WILDCARD.has(bindHost)) return host ? null : { status: 403, reason: "missing Host header" };
  for (const name of allowedHostNames(bindHost)) if (host === `${name}:${port}`) return null;
  return { status: 403, reason: `Host "${host}" is not this server` };
}

/** An Origin header, when present, must be this very server (the page it served). */
export function checkOrigin(req: IncomingMessage): Refusal {
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  const host = (req.headers.host ?? "").toLowerCase();
  if (origin.toLowerCase() === `http://${host}`) return null;
  return { status: 403, reason: `Origin "${origin}" is not this server` };
}

export function checkToken(url: URL, token: string): Refusal {
  return tokenMatches(url.searchParams.get("token"), token) ? null : { status: 401, reason: "missing or wrong token" };
}
