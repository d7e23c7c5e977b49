/**
 * The checks that keep other web pages from driving a browser-mode server: a per-start random token on every
 * data request, a Host header naming this server (no DNS rebinding), and a same-origin Origin (no CSRF).
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { hostname, networkInterfaces } from "node:os";

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

const bracketed = (host: string) => (host.includes(":") && !host.startsWith("[") ? `[${host}]` : host);

/**
 * The host names a request may address this server by: loopback and the address it listens on; on all
 * interfaces (0.0.0.0, ::), this machine's own addresses and host name instead of the wildcard.
 */
export function allowedHostNames(bindHost: string, machine: { addresses: string[]; hostname: string } = thisMachine()): Set<string> {
  const names = new Set(LOOPBACK);
  if (!WILDCARD.has(bindHost)) names.add(bracketed(bindHost.toLowerCase()));
  else {
    for (const a of machine.addresses) names.add(bracketed(a.toLowerCase().replace(/%.*$/, "")));
    const host = machine.hostname.toLowerCase();
    if (host) names.add(host).add(`${host}.local`);
  }
  return names;
}

function thisMachine(): { addresses: string[]; hostname: string } {
  const addresses = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
  return { addresses, hostname: hostname() };
}

/** Whether a browser on another machine can reach this bind address (then the token travels the network). */
export function isLoopback(bindHost: string): boolean {
  return LOOPBACK.has(bracketed(bindHost)) || bindHost.startsWith("127.");
}

export type Refusal = { status: 401 | 403; reason: string } | null;

export function checkHost(req: IncomingMessage, bindHost: string, port: number, names = allowedHostNames(bindHost)): Refusal {
  const host = (req.headers.host ?? "").toLowerCase();
  if (!host) return { status: 403, reason: "missing Host header" };
  for (const name of names) if (host === `${name}:${port}`) return null;
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
