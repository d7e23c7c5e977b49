/**
 * workers.runs and the "workers-progress" events (#19): the distributed runs of the app's shared database
 * (sharedDatabase.ts), as `cascade watch` follows them (store/shared/runProgress.ts). The first call opens the
 * database and LISTENs on the channel of every run's changes; each change heard is pushed to the pages. When
 * that connection is lost the reply says `live: false` (pages then ask again every few seconds) and the next
 * call listens again.
 */
import type { Params, Result, WorkersRuns } from "../../shared/contract";
import { listen, type Listening } from "../store/shared/listen";
import { listProgress, parseProgress, RUNS_CHANNEL } from "../store/shared/runProgress";
import { redactedUrl } from "../store/shared/sharedCallCache";
import type { EventHub } from "./eventHub";
import type { SharedDatabase } from "./sharedDatabase";

type WorkersHandlers = { [M in "workers.runs"]: (p: Params<M>) => Promise<Result<M>> };

export interface WorkersService {
  handlers: WorkersHandlers;
  close(): Promise<void>;
}

export function workersService(shared: SharedDatabase, hub: EventHub): WorkersService {
  let listening: Promise<Listening> | undefined;
  let live = false;
  let closed = false;
  const follow = (url: string) =>
    (listening ??= listen(
      url,
      RUNS_CHANNEL,
      (payload) => {
        const p = parseProgress(payload);
        if (p) hub.emit("workers-progress", p);
      },
      () => {
        live = false;
        const lost = listening;
        listening = undefined;
        void lost?.then((l) => l.close()).catch(() => {});
      },
    ).then(
      (l) => ((live = !closed), l),
      (e: unknown) => ((listening = undefined), Promise.reject(e)),
    ));
  return {
    handlers: {
      "workers.runs": async (p): Promise<WorkersRuns> => {
        if (!shared.url) return { state: "off" };
        const where = redactedUrl(shared.url);
        try {
          const db = await shared.open();
          await follow(shared.url).catch(() => {}); // without it the page asks again; the list itself still answers
          return { state: "on", where, runs: await listProgress(db.postgres.pool, p?.limit ?? 50), live };
        } catch (e) {
          return { state: "error", where, error: e instanceof Error ? e.message : String(e) };
        }
      },
    },
    async close() {
      closed = true;
      live = false;
      const was = listening;
      listening = undefined;
      await was?.then((l) => l.close()).catch(() => {});
    },
  };
}
