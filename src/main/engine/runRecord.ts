/**
 * The versions part of a run record (shared/runRecord.ts): the app's version, and its git commit when it runs
 * from a checkout (the folder appRoot() finds), the Node and Electron versions, and how the run was started. Git
 * is asked once per process, in the background (two `git` processes take ~0.1–0.2 s): a run's record is written
 * at its start with what is known, and the commit is added as soon as git has answered (the run awaits it before
 * it ends: `recordRevision`).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { RunRecord } from "../../shared/runRecord";
import { APP_VERSION } from "../service/version";
import { APP_NAME, appRoot } from "../appRoot";

function git(root: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile("git", ["-C", root, ...args], { encoding: "utf8", timeout: 5000 }, (err, stdout) => resolve(err ? null : stdout.trim()));
  });
}

export type Revision = { commit: string; dirty: boolean } | null;

/** The commit of the checkout at `root` and whether tracked files differ from it; null outside a checkout. */
export async function gitRevision(root: string | null): Promise<Revision> {
  if (!root || !existsSync(join(root, ".git"))) return null;
  const [commit, status] = await Promise.all([git(root, ["rev-parse", "HEAD"]), git(root, ["status", "--porcelain", "--untracked-files=no"])]);
  if (!commit || !/^[0-9a-f]{40,64}$/.test(commit)) return null;
  return { commit, dirty: status === null ? false : status.length > 0 };
}

let revision: Revision | undefined;
let asking: Promise<Revision> | undefined;

/** This process's revision, asked of git once (starts asking on the first call). */
export function processRevision(): Promise<Revision> {
  asking ??= gitRevision(appRoot()).then((r) => (revision = r));
  return asking;
}

/** The record with the revision, when it is known. */
export function withRevision(record: RunRecord, rev: Revision): RunRecord {
  return rev ? { ...record, app: { ...record.app, commit: rev.commit, dirty: rev.dirty } } : record;
}

export interface RunOrigin {
  origin?: RunRecord["origin"];
  commandLine?: string[];
}

/** The record a run starts with (no dataset yet). */
export function startRecord(o: RunOrigin): RunRecord {
  void processRevision();
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
