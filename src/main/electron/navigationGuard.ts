/**
 * Keeps the window on the app: no navigation away (a dropped file or a link would otherwise replace the app),
 * no new windows, no webviews, no permission prompts (camera, geolocation...).
 */
import type { WebContents } from "electron";

/** True when `url` is the app itself: the same file (file://) or the same dev-server origin. */
export function isAppUrl(url: string, appUrl: string): boolean {
  let target: URL;
  let app: URL;
  try {
    target = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === "file:") return target.protocol === "file:" && target.pathname === app.pathname;
  return target.origin === app.origin;
}

export type GuardedContents = Pick<WebContents, "on" | "setWindowOpenHandler">;

export function guardNavigation(contents: GuardedContents, appUrl: string): void {
  contents.on("will-navigate", (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  contents.on("will-redirect", (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault();
  });
  contents.on("will-attach-webview", (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: "deny" }));
}
