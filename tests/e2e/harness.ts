/**
 * Browser tests: starts the browser-mode server in-process (port 0, a temp DB unless one is given) over the
 * real service, and Debian Chromium via playwright-core, on the built renderer (out/renderer; scripts/test.mjs
 * builds it first). `close()` stops everything and removes the temp folder.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { startServer, type RunningServer } from "../../src/main/server/startServer";
import { createService, type Service, type ServiceDeps } from "../../src/main/service/createService";
import { openStore, type Store } from "../../src/main/store";

export const ROOT = resolve(__dirname, "../..");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface AppOptions {
  /** Use this database file (kept on close); default a fresh temp DB. */
  dbPath?: string;
  templatesDir?: string;
  staticDir?: string;
  /** Extra service deps (e.g. a fake engine or provider factory). */
  service?: Partial<Omit<ServiceDeps, "store">>;
  /** Path + query appended to the server URL on first load (the token is kept), e.g. "#/runs". */
  open?: string | false;
  viewport?: { width: number; height: number };
}

export interface AppHarness {
  page: Page;
  context: BrowserContext;
  browser: Browser;
  /** The app URL with its ?token=. */
  url: string;
  server: RunningServer;
  service: Service;
  store: Store;
  /** Page errors and console errors seen so far (for "the app loaded cleanly" checks). */
  errors: string[];
  close(): Promise<void>;
}

export async function startApp(options: AppOptions = {}): Promise<AppHarness> {
  const staticDir = options.staticDir ?? join(ROOT, "out/renderer");
  if (!existsSync(join(staticDir, "index.html"))) throw new Error(`${staticDir} has no index.html: run npm run build:renderer first`);
  const tempDir = options.dbPath ? undefined : mkdtempSync(join(tmpdir(), "cascade-e2e-"));
  const dbPath = options.dbPath ?? join(tempDir!, "cascade.db");
  const store = openStore(dbPath);
  // Runs of template pipelines write into outputsDir: beside the test's database, never the user's data folder.
  const outputsDir = join(dirname(dbPath), "outputs");
  const service = createService({ store, templatesDir: options.templatesDir ?? join(ROOT, "templates"), mode: "browser", dbPath, outputsDir, ...options.service });
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
    await service.close();
    store.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  try {
    server = await startServer({ port: 0, service, staticDir });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });
    if (options.open !== false) await page.goto(server.url + (options.open ?? ""));
    let closed: Promise<void> | undefined;
    return { page, context, browser, url: server.url, server, service, store, errors, close: () => (closed ??= cleanup()) };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/**
 * Where browser tests write their screenshots: docs/screenshots when UPDATE_SCREENSHOTS=1 (to refresh the
 * README's pictures), otherwise .cache/screenshots, so a test run leaves the work tree clean.
 */
export const SCREENSHOTS = resolve(ROOT, process.env.UPDATE_SCREENSHOTS === "1" ? "docs/screenshots" : ".cache/screenshots");
