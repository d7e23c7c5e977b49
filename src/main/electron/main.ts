/**
 * The desktop shell (thin): one window over the same service as browser mode. The renderer reaches Node
 * only through the preload's `window.cascade` → ipcMain "cascade:call" → service.dispatch.
 */
import { app, BrowserWindow, ipcMain, safeStorage, session } from "electron";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { applyMemoryTuning } from "../memoryTuning";
import { createService, type Service } from "../service/createService";
import { openStore, type Store } from "../store";
import { isPostgresUrl } from "../store/openRunStore";
import { PAGE_EVENTS } from "../../shared/contract";
import { EVENT_CHANNEL } from "./channels";
import { contentSecurityPolicy, withCsp } from "./csp";
import { CALL_CHANNEL, createIpcHandler } from "./ipcHandler";
import { guardNavigation } from "./navigationGuard";
import { appPaths } from "./paths";
import { safeStorageSecretBox } from "./secretBox";
import { windowOptions } from "./windowOptions";

applyMemoryTuning();
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const paths = appPaths(dirname(fileURLToPath(import.meta.url)), app.getAppPath(), devServerUrl);
let store: Store | undefined;
let service: Service | undefined;

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(windowOptions(paths.preload));
  guardNavigation(win.webContents, paths.appUrl);
  win.once("ready-to-show", () => win.show());
  void (devServerUrl ? win.loadURL(devServerUrl) : win.loadFile(paths.rendererIndex));
  return win;
}

async function start(): Promise<void> {
  const csp = contentSecurityPolicy({ devServerUrl });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCsp(details.responseHeaders, csp) }));
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  const dataDir = app.getPath("userData");
  const dbPath = process.env.CASCADE_DB && !isPostgresUrl(process.env.CASCADE_DB) ? process.env.CASCADE_DB : join(dataDir, "cascade.db"); // a PostgreSQL CASCADE_DB is the lab's store (store/appStores.ts)
  store = openStore(dbPath);
  service = createService({ store, templatesDir: paths.templatesDir, mode: "electron", secrets: safeStorageSecretBox(safeStorage), dataDir, dbPath });
  ipcMain.handle(CALL_CHANNEL, createIpcHandler(service.dispatch, () => paths.appUrl));
  for (const event of PAGE_EVENTS) {
    service.on(event, (payload: unknown) => {
      for (const win of BrowserWindow.getAllWindows()) win.webContents.send(EVENT_CHANNEL, { event, payload });
    });
  }
  createWindow();
}

if (!app.requestSingleInstanceLock()) app.quit();
else {
  app.on("second-instance", () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on("web-contents-created", (_event, contents) => contents.on("will-attach-webview", (e) => e.preventDefault()));
  app.whenReady().then(start, (e) => {
    console.error(`Cascade Studio could not start: ${(e as Error).message}`);
    app.exit(1);
  });
  app.on("activate", () => {
    if (service && BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on("window-all-closed", () => {
    if (process.platform !== "darwin") app.quit();
  });
  let stopping = false;
  app.on("before-quit", (event) => {
    if (stopping || !service) return;
    stopping = true;
    event.preventDefault();
    void service.close().finally(() => {
      store?.close();
      app.quit();
    });
  });
}
