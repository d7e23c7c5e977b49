/**
 * lab.runs and lab.pull (#19): the runs of the lab's PostgreSQL store (store/appStores.ts names it), listed
 * with whether the app's database has each, and pulled into it — `cascade push`'s copy the other way
 * (store/pushRun.ts: the run, its results with traces, the cache rows they name), after which the run is
 * inspected and compared like one run here. The store is opened on first use and again after a failure.
 */
import type { LabPull, LabRuns, Params, Result } from "../../shared/contract";
import type { RunStore } from "../store/contract/runStore";
import { labStoreUrl } from "../store/appStores";
import { pushRun } from "../store/pushRun";
import { redactedUrl } from "../store/shared/redactUrl";
import { SqliteRunStore } from "../store/sqliteRunStore";
import type { Store } from "../store/store";
import { ServiceError } from "./errors";

type LabHandlers = { [M in "lab.runs" | "lab.pull"]: (p: Params<M>) => Promise<Result<M>> };

export interface LabService {
  handlers: LabHandlers;
  close(): Promise<void>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function labService(store: Store, env: Record<string, string | undefined>): LabService {
  const url = labStoreUrl(env);
  const where = url ? redactedUrl(url) : "";
  // The app's own database through the same contract (not closed here: the app owns the store).
  const here = new SqliteRunStore(store);
  let opening: Promise<RunStore> | undefined;
  const lab = () => (opening ??= import("../store/openRunStore").then((m) => m.openRunStore(url!)).catch((e: unknown) => ((opening = undefined), Promise.reject(e))));
  const pulling = new Map<string, Promise<LabPull>>();

  const pull = async (runId: string): Promise<LabPull> => {
    if (!url) throw new ServiceError("lab.pull: the app has no lab store (set CASCADE_LAB_STORE=postgres://… where it starts)");
    let from: RunStore;
    try {
      from = await lab();
    } catch (e) {
      throw new ServiceError(`lab.pull: ${message(e)}`);
    }
    try {
      const r = await pushRun(from, here, runId, { keepPipelineId: false }); // its saved pipeline is another machine's
      return { runId, outcome: r.outcome === "pushed" ? "pulled" : r.outcome, results: r.results, cacheRows: r.cacheRows };
    } catch (e) {
      throw new ServiceError(`lab.pull: pulling run ${runId} from ${where}: ${message(e)}`);
    }
  };

  return {
    handlers: {
      "lab.runs": async (p): Promise<LabRuns> => {
        if (!url) return { state: "off" };
        try {
          const runs = (await (await lab()).runs.list()).slice(0, p?.limit ?? 200);
          return { state: "on", where, runs: runs.map((r) => ({ ...r, here: store.runs.has(r.id) })) };
        } catch (e) {
          return { state: "error", where, error: message(e) };
        }
      },
      // One pull of a run at a time: a second asks for the first's outcome.
      "lab.pull": ({ runId }) => {
        let running = pulling.get(runId);
        if (!running) {
          running = pull(runId).finally(() => pulling.delete(runId));
          pulling.set(runId, running);
        }
        return running;
      },
    },
    async close() {
      await Promise.allSettled(pulling.values());
      const was = opening;
      opening = undefined;
      await was?.then((s) => s.close()).catch(() => {});
    },
  };
}
