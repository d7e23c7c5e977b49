/**
 * The browser-mode token: taken from the page URL (?token=...), kept in localStorage (per origin, so per
 * port) so reloads and a bookmark of the bare address work — the server keeps the same port and token per
 * installation — and then removed from the address bar (only that parameter; path, other parameters and hash
 * stay). `forgetToken` drops a token the server refused (after `cascade serve --new-token`).
 */
const STORAGE_KEY = "cascade.token";

export interface TokenEnv {
  location: Pick<Location, "href">;
  storage?: Pick<Storage, "getItem" | "setItem">;
  history?: Pick<History, "replaceState" | "state">;
}

export function readToken(env: TokenEnv): string | null {
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl) {
    try {
      env.storage?.setItem(STORAGE_KEY, fromUrl);
      url.searchParams.delete("token");
      // Only strip it once it is safely stored; otherwise a reload would lose it.
      if (env.storage?.getItem(STORAGE_KEY) === fromUrl) env.history?.replaceState(env.history.state, "", url.pathname + url.search + url.hash);
    } catch {
      // Storage can be disabled; the token then stays in the URL.
    }
    return fromUrl;
  }
  try {
    return env.storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function forgetToken(storage?: Pick<Storage, "removeItem">): void {
  try {
    storage?.removeItem(STORAGE_KEY);
  } catch {
    /* no storage */
  }
}
