/**
 * `cascade run` into the lab's PostgreSQL store (#19): with `--db postgres://…` (or a
 * PostgreSQL $CASCADE_DB) the run runs on this machine's SQLite file, as always — the engine writes the SQLite
 * store — and, once it has ended, is pushed to the lab's store (store/pushRun.ts, as `cascade push` does). The
 * run is not in the lab's store while it runs; a push that fails says so and how to push it again, and the run
 * stays in the file.
 */
import { isPostgresUrl, isStoreUrl, openRunStore } from "../store/openRunStore";
import { appDbPath } from "../store/appStores";
import { pushRun, type PushResult } from "../store/pushRun";
import { redactedText, redactedUrl } from "../store/shared/redactUrl";
import { SqliteRunStore } from "../store/sqliteRunStore";
import { openStore, type Store } from "../store/store";
import { openCliStore } from "./openCliStore";
import { UsageError } from "./command";

export interface RunStores {
  store: Store;
  /** The lab's store the run is pushed to when it ends (its URL), if any. */
  pushTo?: string;
}

/** The store a run writes (the SQLite file) and the lab's store it goes to after, from --db and $CASCADE_DB. */
export function openRunStores(dbArg: string | undefined, env: NodeJS.ProcessEnv = process.env): RunStores {
  if (dbArg !== undefined && isStoreUrl(dbArg) && !isPostgresUrl(dbArg)) throw new UsageError(`--db takes an SQLite file or a PostgreSQL URL (postgres://user@host:port/database), got "${redactedText(dbArg)}"`);
  const pushTo = dbArg !== undefined ? (isPostgresUrl(dbArg) ? dbArg.trim() : undefined) : env.CASCADE_DB && isPostgresUrl(env.CASCADE_DB) ? env.CASCADE_DB.trim() : undefined;
  if (!pushTo) return { store: openCliStore(dbArg, "write") };
  return { store: openStore(appDbPath(env)), pushTo };
}

export interface PushedRuns {
  where: string;
  pushed: PushResult[];
}

/** Pushes the ended runs to the lab's store; a failure names the store and says how to push them again. */
export async function pushEndedRuns(store: Store, pushTo: string, runIds: readonly string[]): Promise<PushedRuns> {
  const where = redactedUrl(pushTo);
  const from = new SqliteRunStore(store); // not closed: the command closes its store
  const again = `cascade push ${runIds.join(" ")} --db ${store.path} --to ${where}`;
  let to;
  try {
    to = await openRunStore(pushTo);
  } catch (e) {
    throw new Error(`the run is in ${store.path}, but the lab's store could not be opened: ${(e as Error).message}. Push it once the store answers: ${again}`);
  }
  try {
    const pushed: PushResult[] = [];
    for (const id of runIds) pushed.push(await pushRun(from, to, id));
    return { where, pushed };
  } catch (e) {
    throw new Error(`the run is in ${store.path}, but pushing it to ${where} failed: ${(e as Error).message}. Push it again: ${again}`);
  } finally {
    await to.close().catch(() => {});
  }
}
