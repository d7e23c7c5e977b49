import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, withCsp } from "../../../src/main/electron/csp";
import { guardNavigation, isAppUrl } from "../../../src/main/electron/navigationGuard";
import { appPaths } from "../../../src/main/electron/paths";
import { windowOptions } from "../../../src/main/electron/windowOptions";

describe("windowOptions", () => {
  it("isolates and sandboxes the renderer", () => {
    const prefs = windowOptions("/app/out/preload/index.cjs").webPreferences!;
    expect(prefs).toMatchObject({
      preload: "/app/out/preload/index.cjs",
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe("contentSecurityPolicy", () => {
  it("allows only the app's own scripts and no network connections in production", () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it("opens just the dev server's socket and inline preamble in dev", () => {
    const csp = contentSecurityPolicy({ devServerUrl: "http://localhost:5173/" });
    expect(csp).toContain("connect-src 'self' ws://localhost:5173");
    expect(csp).toMatch(/script-src 'self' 'unsafe-inline'/);
  });

  it("replaces a response's own CSP header", () => {
    const headers = withCsp({ "content-security-policy": ["default-src *"], "Content-Type": "text/html" }, "default-src 'self'");
    expect(headers).toEqual({ "Content-Type": ["text/html"], "Content-Security-Policy": ["default-src 'self'"], "X-Content-Type-Options": ["nosniff"] });
  });
});

describe("navigation guard", () => {
  const fileApp = "file:///opt/cascade/out/renderer/index.html";

  it("recognises the app's own URLs only", () => {
    expect(isAppUrl("file:///opt/cascade/out/renderer/index.html#/runs", fileApp)).toBe(true);
    expect(isAppUrl("file:///etc/passwd", fileApp)).toBe(false);
    expect(isAppUrl("https://example.com/", fileApp)).toBe(false);
    expect(isAppUrl("http://localhost:5173/x", "http://localhost:5173/")).toBe(true);
    expect(isAppUrl("http://localhost:5174/", "http://localhost:5173/")).toBe(false);
    expect(isAppUrl("not a url", fileApp)).toBe(false);
  });

  it("blocks navigation away, redirects, webviews and new windows", () => {
    const handlers = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      on: (name: string, fn: (event: { preventDefault(): void }, url?: string) => void) => void handlers.set(name, fn),
      setWindowOpenHandler: (fn: () => { action: string }) => void (openHandler = fn),
    };
    guardNavigation(contents as never, fileApp);
    const attempt = (name: string, url?: string) => {
      let prevented = false;
      handlers.get(name)!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(attempt("will-navigate", "https://evil.example/")).toBe(true);
    expect(attempt("will-navigate", "file:///home/me/dropped.json")).toBe(true);
    expect(attempt("will-navigate", `${fileApp}#/x`)).toBe(false);
    expect(attempt("will-redirect", "https://evil.example/")).toBe(true);
    expect(attempt("will-attach-webview")).toBe(true);
    expect(openHandler!()).toEqual({ action: "deny" });
  });
});

describe("appPaths", () => {
  it("finds the preload and renderer next to the built main script", () => {
    const p = appPaths("/opt/cascade/out/main", "/opt/cascade");
    expect(p).toEqual({
      preload: "/opt/cascade/out/preload/index.cjs",
      rendererIndex: "/opt/cascade/out/renderer/index.html",
      appUrl: "file:///opt/cascade/out/renderer/index.html",
      templatesDir: "/opt/cascade/templates",
    });
    expect(appPaths("/o/out/main", "/o", "http://localhost:5173/").appUrl).toBe("http://localhost:5173/");
  });
});
