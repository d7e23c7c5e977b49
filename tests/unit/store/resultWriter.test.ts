/**
 * The result writer's durability and failures: a cache row is committed as soon as the batch being written is
 * done (not after the 50 ms interval) and putCache settles on that commit; a failed write (the disk is full)
 * is reported with the database path, rejects its waiters, keeps what was written before and never throws
 * from a timer.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../../src/main/store/store";
import { ThreadWriter } from "../../../src/main/store/threadWriter";
import { databaseOf } from "../../../src/main/store/database";

const dir = mkdtempSync(join(tmpdir(), "cascade-writer-"));
const mounts: string[] = [];
afterAll(() => {
  for (const m of mounts) execFileSync("umount", [m]);
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

const row = (key: string, reply = "r") => ({ key, reply, createdAt: 1 });

/** A small tmpfs (needs root; else null): a disk that really fills up. */
function smallDisk(name: string, size: string): string | null {
  const at = join(dir, name);
  mkdirSync(at);
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", at], { stdio: "ignore" });
  } catch {
    return null;
  }
  mounts.push(at);
  return at;
}

describe("putCache: durable before anything depends on it", () => {
  it("settles once the row is committed, without waiting for the interval (worker thread)", async () => {
    const path = join(dir, "durable.db");
    const store = openStore(path, { writer: { intervalMs: 60_000 } });
    expect(store.writer).toBeInstanceOf(ThreadWriter);
    const other = new Database(path, { readonly: true });
    const count = () => (other.prepare("SELECT COUNT(*) AS n FROM call_cache").get() as { n: number }).n;
    await store.cache.put(row("a"));
    expect(count()).toBe(1);
    // Replies arriving together share the next commit; each promise settles on it.
    await Promise.all(Array.from({ length: 50 }, (_, i) => store.cache.put(row(`b${i}`))));
    expect(count()).toBe(51);
    other.close();
    store.close();
  });

  it("settles on the commit in this thread too (in-memory database)", async () => {
    const store = openStore(":memory:", { writer: { intervalMs: 60_000 } });
    const p = store.cache.put(row("a"));
    expect(databaseOf(store).prepare("SELECT COUNT(*) AS n FROM call_cache").pluck().get()).toBe(0);
    await p;
    expect(databaseOf(store).prepare("SELECT COUNT(*) AS n FROM call_cache").pluck().get()).toBe(1);
    store.close();
  });
});

describe("a full disk", () => {
  it("rejects the waiters with 'disk full while writing <path>', tells the listeners, keeps what was written (in this thread)", async () => {
    const store = openStore(":memory:", { writer: { intervalMs: 5 } });
    for (let i = 0; i < 10; i++) await store.cache.put(row(`k${i}`));
    const failures: string[] = [];
    store.writer.onFailure((e) => failures.push(e.message));
    // SQLite's own "database or disk is full" (SQLITE_FULL), as from a full disk.
    databaseOf(store).pragma(`max_page_count = ${databaseOf(store).pragma("page_count", { simple: true }) as number}`);
    await expect(store.cache.put(row("big", "x".repeat(200_000)))).rejects.toThrow(/^disk full while writing :memory: \(database or disk is full\)/);
    // A result batch written from the timer fails the same way, reported and not thrown.
    store.writer.putResult({ runId: "none", nodeId: "n", itemId: "i", seq: 0, status: "done", output: { text: "y".repeat(200_000) } });
    await new Promise((r) => setTimeout(r, 30));
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures[0]).toMatch(/disk full while writing :memory:/);
    // The next flush reports it once; everything committed before is kept and readable.
    expect(() => store.writer.flush()).toThrow(/disk full/);
    expect(() => store.writer.flush()).not.toThrow();
    expect(store.cache.count()).toBe(10);
    expect(store.cache.get("k9")?.reply).toBe("r");
    store.close();
  });

  it.skipIf(process.getuid?.() !== 0)("a real full disk (tmpfs) under the worker thread names the database file", async () => {
    const disk = smallDisk("full", "1m");
    if (!disk) return;
    const path = join(disk, "full.db");
    const store = openStore(path);
    const failures: string[] = [];
    store.writer.onFailure((e) => failures.push(e.message));
    let written = 0;
    let error: Error | null = null;
    for (let i = 0; i < 200 && !error; i++) {
      try {
        await store.cache.put(row(`k${i}`, `${i}`.repeat(10_000)));
        written++;
      } catch (e) {
        error = e as Error;
      }
    }
    expect(error?.message).toMatch(new RegExp(`^disk full while writing ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    expect(failures[0]).toBe(error?.message);
    expect(written).toBeGreaterThan(10);
    expect(() => store.writer.flush()).toThrow(/disk full/);
    store.close();
    const reopened = new Database(path, { readonly: true });
    expect(reopened.prepare("SELECT COUNT(*) AS n FROM call_cache").pluck().get()).toBe(written);
    reopened.close();
  });
});
