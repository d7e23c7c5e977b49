/**
 * One download of a file at a time across processes (a CLI run and the app reading the same hub split): a
 * `{dest}.lock` file created exclusively, holding the owner's pid. A lock whose process is gone (a crash, a kill)
 * is taken over; a live one makes the second download fail with a message naming the lock.
 */
import { open, readFile, rm } from "node:fs/promises";

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock of `dest` (released by the returned function). */
export async function lockDownload(dest: string): Promise<() => Promise<void>> {
  const lock = `${dest}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lock, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const owner = Number((await readFile(lock, "utf8").catch(() => "")).trim());
      if (owner !== process.pid && alive(owner)) {
        throw new Error(`another download of this file is running (process ${owner}, lock ${lock}); wait for it to finish`);
      }
      if (owner === process.pid) throw new Error(`this file is already being downloaded by this process (lock ${lock})`);
      await rm(lock, { force: true });
    }
  }
  throw new Error(`cannot take the download lock ${lock}`);
}
