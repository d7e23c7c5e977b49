/**
 * The Content-Security-Policy of the desktop window, set as a response header on every load. Only the app's
 * own files run; nothing is fetched from the network (model calls happen in the main process).
 * In dev (vite dev server) the inline react-refresh preamble and the HMR socket need a little more.
 */
export function contentSecurityPolicy(options: { devServerUrl?: string } = {}): string {
  const dev = options.devServerUrl ? new URL(options.devServerUrl) : undefined;
  const devSocket = dev ? ` ws://${dev.host}` : "";
  return [
    "default-src 'self'",
    `script-src 'self'${dev ? " 'unsafe-inline'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: file:",
    "font-src 'self' data:",
    `connect-src 'self'${devSocket}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'self' blob:",
  ].join("; ");
}

type Headers = Record<string, string[] | string>;

/** The response headers with our CSP in place of any the response carried. */
export function withCsp(headers: Headers | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === "content-security-policy") continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out["Content-Security-Policy"] = [csp];
  out["X-Content-Type-Options"] = ["nosniff"];
  return out;
}
