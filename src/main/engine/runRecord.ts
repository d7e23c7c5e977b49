/**
 * The versions part of a run record (shared/runRecord.ts): the app's version, and its git commit when it runs
 * from a checkout (the folder appRoot() finds), the Node and Electron versions, and how the run was started. Git
 * is asked once per process.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { RunRecord } from "../../shared/runRecord";
import { APP_VERSION } from "../service/version";
import { APP_NAME, appRoot } from "../appRoot";

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
