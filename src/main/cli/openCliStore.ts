/**
 * The CLI's one way to open the database: `--db FILE`, else $CASCADE_DB or the OS user-data folder.
 * - A folder named with --db must exist (a typo must not create folders); the default one is created.
 * - Reading commands (runs, show, compare, export, models) open a database they cannot write — on a read-only
 *   filesystem, or in a folder the user may only read — read-only instead of failing.
 */
import { accessSync, constants, existsSync } from "node:fs";
import { dirname } from "node:path";
import { defaultDbPath } from "../store/paths";
import { openStore, type OpenStoreOptions, type Store } from "../store/store";

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function openCliStore(dbArg: string | undefined, mode: "read" | "write", opts: OpenStoreOptions = {}): Store {
  const path = dbArg ?? defaultDbPath();
  const readOnly = mode === "read" && existsSync(path) && !writable(path);
  return openStore(path, { ...opts, readOnly, createDir: dbArg === undefined });
}
