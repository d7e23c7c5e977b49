/** Where the desktop app finds its parts, relative to the built main script (out/main/index.js). */
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export interface AppPaths {
  preload: string;
  rendererIndex: string;
  /** What the window loads: the dev server in `electron-vite dev`, else the built index.html. */
  appUrl: string;
  templatesDir: string;
}

export function appPaths(mainDir: string, appRoot: string, devServerUrl?: string): AppPaths {
  const rendererIndex = join(mainDir, "../renderer/index.html");
  return {
    preload: join(mainDir, "../preload/index.cjs"),
    rendererIndex,
    appUrl: devServerUrl || pathToFileURL(rendererIndex).href,
    templatesDir: join(appRoot, "templates"),
  };
}
