/**
 * Browser mode's address per installation: the port and token are kept in the user data folder
 * (`browser-mode.json`, readable by the user only), so the same URL works after every start and a bookmark
 * keeps working. `--new-token` makes a new token (old bookmarks and open tabs stop working); `--port N`
 * chooses and keeps another port.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { newToken } from "./security";

export const IDENTITY_FILE = "browser-mode.json";
/** The port browser mode tries first on a fresh installation. */
export const DEFAULT_PORT = 5178;

export interface ServerIdentity {
  port: number;
  token: string;
}

function read(file: string): Partial<ServerIdentity> {
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as Partial<ServerIdentity>;
    return {
      ...(Number.isInteger(data.port) && data.port! > 0 && data.port! <= 65535 ? { port: data.port } : {}),
      ...(typeof data.token === "string" && /^[A-Za-z0-9_-]{32,}$/.test(data.token) ? { token: data.token } : {}),
    };
  } catch {
    return {};
  }
}

export function identityPath(dataDir: string): string {
  return join(dataDir, IDENTITY_FILE);
}

/**
 * The identity to start with: the kept one, with a new token when asked (or none kept yet) and the port given
 * on the command line (0: any free port, not kept). Writes what changed.
 */
export function loadIdentity(dataDir: string, options: { port?: number; newToken?: boolean } = {}): ServerIdentity {
  const file = identityPath(dataDir);
  const kept = read(file);
  const token = options.newToken || !kept.token ? newToken() : kept.token;
  const port = options.port ?? kept.port ?? DEFAULT_PORT;
  const keep = { port: options.port === 0 ? kept.port ?? DEFAULT_PORT : port, token };
  if (keep.port !== kept.port || keep.token !== kept.token) saveIdentity(dataDir, keep);
  return { port, token };
}

export function saveIdentity(dataDir: string, identity: ServerIdentity): void {
  const file = identityPath(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(identity, null, 2) + "\n", { mode: 0o600 });
  try {
    chmodSync(file, 0o600);
  } catch {
    /* e.g. a file system without modes */
  }
}
