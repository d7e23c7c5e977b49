/**
 * cascade watch RUNKEY: follows a distributed run (`cascade run --distributed`, started on this or any other
 * machine) through the shared database's notifications (distributed/watchRun.ts), printing a line each time
 * jobs end, until all of them have. When no news comes for a while it looks in the queue for jobs that ended
 * with no one counting them (expired on their last try while the coordinator was stopped) and counts them. Exit 0 when every job is done, 1 when some failed on the workers (the
 * coordinator runs their items itself), 130 on Ctrl+C.
 */
import type PgBoss from "pg-boss";
import { countEndedJobs } from "../../distributed/jobEnds";
import { openJobQueue } from "../../distributed/jobQueue";
import { watchRun } from "../../distributed/watchRun";
import { uncountedJobIds, type RunProgress } from "../../store/shared/runProgress";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";
import { openSharedCacheArg, SHARED_CACHE_ENV } from "../sharedCacheArg";

/** Jobs looked up in the queue per quiet interval. */
const RECONCILE_JOBS = 200;

function line(p: RunProgress): string {
  const failed = p.failed ? `, ${p.failed} failed (${p.failedItems} items)` : "";
  return `run ${p.run}: ${p.done}/${p.jobs} jobs done (${p.doneItems}/${p.items} items)${failed}`;
}

export const watchCommand: Command = {
  ...COMMAND_INFO.watch,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { "shared-cache": { type: "string" }, json: { type: "boolean" } });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one run key, got ${positionals.length}` : "name the run key to watch (the run id `cascade run --distributed` prints)");
    const runKey = positionals[0];
    if (!runKey.trim() || runKey.length > 200) throw new UsageError(`"${runKey.slice(0, 40)}${runKey.length > 40 ? "…" : ""}" is not a run key (the run id \`cascade run --distributed\` prints)`);
    if (values["shared-cache"] === undefined && !process.env[SHARED_CACHE_ENV]) throw new UsageError(`cascade watch needs --shared-cache postgres://… (or $${SHARED_CACHE_ENV}): the database the run's workers report to`);
    const shared = (await openSharedCacheArg(values["shared-cache"], process.env))!;
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    let queue: Promise<PgBoss> | undefined;
    const reconcile = async () => {
      const boss = await (queue ??= openJobQueue(shared.postgres.url, { lookOnly: true }).catch((e: unknown) => ((queue = undefined), Promise.reject(e))));
      return countEndedJobs(boss, shared.postgres.pool, runKey, await uncountedJobIds(shared.postgres.pool, runKey, RECONCILE_JOBS));
    };
    try {
      const last = await watchRun(shared.postgres, runKey, { signal: controller.signal, reconcile, onProgress: (p) => io.out(values.json ? JSON.stringify(p) : line(p)) });
      if (controller.signal.aborted) return 130;
      if (!values.json) io.out(last.failed ? `run ${runKey}: ended; ${last.failed} of ${last.jobs} jobs failed on the workers` : `run ${runKey}: ended; all ${last.jobs} jobs done`);
      return last.failed ? 1 : 0;
    } finally {
      process.removeListener("SIGINT", stop);
      await queue?.then((b) => b.stop({ graceful: false, wait: false })).catch(() => {});
      await shared.close();
    }
  },
};
