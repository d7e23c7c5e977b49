/**
 * A little disk space kept in reserve beside a database file (`<db>-reserve`, 256 KB), so that a run can still
 * record its end ("failed: disk full while writing …") when the disk fills up under it: SQLite needs a few free
 * pages for that UPDATE (WAL frames), and a full disk has none. Made when a run starts (if there is room),
 * given up only to record a run's end after SQLITE_FULL.
 */
import { closeSync, openSync, rmSync, writeSync } from "node:fs";

const RESERVE_BYTES = 256 * 1024;

const reservePath = (dbPath: string) => `${dbPath}-reserve`;
const isFile = (dbPath: string) => dbPath !== "" && dbPath !== ":memory:" && !dbPath.startsWith("file:");

/** Makes the reserve if it is missing; a disk too full for it is not an error (the run will find out). */
export function keepSpaceReserve(dbPath: string): void {
  if (!isFile(dbPath)) return;
  let fd: number | undefined;
  try {
    fd = openSync(reservePath(dbPath), "wx");
    // Written, not just sized: a sparse file would reserve nothing.
    writeSync(fd, Buffer.alloc(RESERVE_BYTES));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== "EEXIST" && fd !== undefined) rmSync(reservePath(dbPath), { force: true }); // a partial reserve
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Frees the reserve; true when there was one. */
export function releaseSpaceReserve(dbPath: string): boolean {
  if (!isFile(dbPath)) return false;
  try {
    rmSync(reservePath(dbPath));
    return true;
  } catch {
    return false;
  }
}
