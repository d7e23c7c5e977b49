/**
 * The versions part of a run record (shared/runRecord.ts): the app's version, and its git commit when it runs
 * from a checkout (found by walking up from this file to the folder whose package.json is the app's), the
 * Node and Electron versions, and how the run was started. Git is asked once per process.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunRecord } from "../../shared/runRecord";
import { APP_VERSION } from "../service/version";

const APP_NAME = "cascade-studio";

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

function git(root: string, args: string[]): string | null {
  try {
    return execFileSync("git", ["-C", root, ...args], { encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

/** The commit of the checkout at `root` and whether tracked files differ from it; null outside a checkout. */
export function gitRevision(root: string | null): { commit: string; dirty: boolean } | null {
  if (!root || !existsSync(join(root, ".git"))) return null;
  const commit = git(root, ["rev-parse", "HEAD"]);
  if (!commit || !/^[0-9a-f]{40,64}$/.test(commit)) return null;
  const status = git(root, ["status", "--porcelain", "--untracked-files=no"]);
  return { commit, dirty: status === null ? false : status.length > 0 };
}

let revision: { commit: string; dirty: boolean } | null | undefined;

export interface RunOrigin {
  origin?: RunRecord["origin"];
  commandLine?: string[];
}

/** The record a run starts with (no dataset yet). */
export function startRecord(o: RunOrigin): RunRecord {
  if (revision === undefined) revision = gitRevision(appRoot());
  const record: RunRecord = {
    app: { name: APP_NAME, version: APP_VERSION, ...(revision ? { commit: revision.commit, dirty: revision.dirty } : {}) },
    runtime: {
      node: process.versions.node,
      ...(process.versions.electron ? { electron: process.versions.electron } : {}),
      platform: process.platform,
      arch: process.arch,
    },
    origin: o.origin ?? (o.commandLine ? "cli" : "api"),
  };
  if (o.commandLine) {
    record.commandLine = o.commandLine;
    record.cwd = process.cwd();
  }
  return record;
}
