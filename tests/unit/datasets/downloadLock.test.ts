import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lockDownload } from "../../../src/main/engine/datasets/downloadLock";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cascade-lock-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("lockDownload", () => {
  it("refuses a second lock while held, and frees it on release", async () => {
    const dest = join(dir, "0000.parquet");
    const release = await lockDownload(dest);
    await expect(lockDownload(dest)).rejects.toThrow(/already being downloaded/);
    await release();
    expect(existsSync(`${dest}.lock`)).toBe(false);
    await (await lockDownload(dest))();
  });

  it("takes over the lock of a process that is gone, and refuses one of a live process naming it", async () => {
    const dest = join(dir, "0000.parquet");
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
    writeFileSync(`${dest}.lock`, gone);
    await (await lockDownload(dest))();
    writeFileSync(`${dest}.lock`, String(process.ppid));
    await expect(lockDownload(dest)).rejects.toThrow(new RegExp(`process ${process.ppid}`));
  });
});
