/**
 * `cascade run` with its database on a disk that fills up (a 2 MB tmpfs; mounting needs root, so elsewhere
 * the test is skipped — tests/unit/store/resultWriter.test.ts covers the same path with SQLite's page limit):
 * the run ends `failed` with "disk full while writing <db path>", without a stack trace, and every call
 * completed before the disk filled is kept: a re-run on a bigger disk gets them from the cache.
 */
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { startFakeOpenAI, type FakeServer, type RecordedRequest } from "../fakes/openaiServer";
import { chatRequests, requestKey, tempDir, writeCascade } from "./helpers";

const dir = tempDir("cascade-diskfull-");
const disk = join(dir, "disk");
let mounted = false;
let fake: FakeServer | undefined;

function mount(): boolean {
  if (process.getuid?.() !== 0) return false;
  mkdirSync(disk);
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", disk], { stdio: "ignore" });
    return (mounted = true);
  } catch {
    return false;
  }
}

afterAll(async () => {
  await fake?.close();
  if (mounted) execFileSync("umount", [disk]);
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["bin/cascade.mjs", ...args], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

describe.skipIf(!mount())("a full disk during a run", () => {
  it("fails the run with a clear error, keeps what was written, and does not crash", async () => {
    // 8 KB replies unique per call: the 2 MB disk fills after some dozens of calls (each call stores its reply in the cache and, in its output conversation, once more).
    const reply = (r: RecordedRequest) => `${requestKey(r).length} `.repeat(2000) + chatRequests(fake!.requests).indexOf(r);
    fake = await startFakeOpenAI({ latencyMs: 2, reply });
    const file = writeCascade(dir, fake.url, 100, 4);
    const db = join(disk, "full.db");

    const first = await cli(["run", file, "--db", db]);
    expect(first.code, first.stdout + first.stderr).toBe(1);
    expect(first.stderr).toContain(`disk full while writing ${db}`);
    expect(first.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const made = chatRequests(fake.requests).length;
    expect(made).toBeLessThan(300); // it stopped instead of making every call

    // On a bigger disk: the run is recorded as failed with the error, and its completed calls are cached.
    const copy = join(dir, "copy.db");
    copyFileSync(db, copy);
    for (const ext of ["-wal", "-shm"]) {
      try {
        copyFileSync(db + ext, copy + ext);
      } catch {
        /* no WAL left */
      }
    }
    const store = new Database(copy, { readonly: true });
    const run = store.prepare("SELECT status, error FROM runs").get() as { status: string; error: string };
    const cached = store.prepare("SELECT COUNT(*) FROM call_cache").pluck().get() as number;
    store.close();
    expect(run.status).toBe("failed");
    expect(run.error).toContain(`disk full while writing ${db}`);
    expect(cached).toBeGreaterThan(10);

    const second = await cli(["run", file, "--db", copy, "--json"]);
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout);
    expect(report).toMatchObject({ status: "done", items: 100, errors: 0 });
    expect(report.cacheHits).toBeGreaterThanOrEqual(cached);
    console.log(`disk full: the first run made ${made} calls and kept ${cached} in the cache; the re-run made ${report.calls} and reused ${report.cacheHits}`);
  }, 120_000);
});
