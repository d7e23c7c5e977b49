/**
 * The renderer's one way to the Node side. `getClient()` picks Electron IPC when the preload exposed
 * `window.cascade`, else the browser-mode WebSocket with the page's token. Components never know which.
 */
import type { ApiClient } from "../../../shared/contract";
import { createIpcClient } from "./ipcClient";
import { readToken } from "./token";
import { createWsClient, type WsClient } from "./wsClient";

let client: ApiClient | undefined;

/** ws(s)://<this host>/ws?token=... */
export function socketUrl(location: Pick<Location, "protocol" | "host">, token: string): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}

let token: string | null = null;

/** The browser-mode token (null under Electron or when the page was opened without one). */
export function browserToken(): string | null {
  if (token === null && typeof window !== "undefined" && !window.cascade) {
    token = readToken({ location: window.location, storage: window.localStorage, history: window.history });
  }
  return token;
}

export function getClient(): ApiClient {
  if (client) return client;
  if (typeof window !== "undefined" && window.cascade) return (client = createIpcClient(window.cascade));
  client = createWsClient({ url: socketUrl(window.location, browserToken() ?? "") });
  return client;
}

/** The WebSocket client's connection status, when browser mode is in use (for a "reconnecting…" banner). */
export function getConnection(): Pick<WsClient, "status" | "onStatus"> | undefined {
  const c = getClient() as Partial<WsClient>;
  return c.status && c.onStatus ? (c as WsClient) : undefined;
}

/** Replaces the client (tests of components). */
export function setClient(next: ApiClient | undefined): void {
  client = next;
}

// Browser mode: secure the token as soon as the app loads (into localStorage, out of the address bar), so a
// reload or a bookmark before the first call still works and the token does not linger in the URL.
if (typeof window !== "undefined" && typeof localStorage !== "undefined" && !window.cascade) browserToken();
