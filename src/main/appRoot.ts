/**
 * The app's own folder (the one whose package.json is the app's), found by walking up from a module: the same
 * answer from the TypeScript sources (src/main/…), the CLI build (out/cli/) and the Electron build (out/main/),
 * whatever their depth. Used for what ships beside the code: templates/, out/renderer/, the git checkout.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const APP_NAME = "cascade-studio";

/** The folder holding the app's package.json, or null (e.g. a packaged app whose files have none). */
export function appRoot(from = dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = from, i = 0; i < 8; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === APP_NAME) return dir;
      } catch {
        /* not the app's */
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}
