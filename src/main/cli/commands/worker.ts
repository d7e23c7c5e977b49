/**
 * cascade worker: serves distributed runs (`cascade run --distributed`) from their queue in the shared
 * cache's PostgreSQL (distributed/workerLoop.ts) until Ctrl+C or SIGTERM: each job's items run here with the
 * shared cache, in this machine's database. Start as many as the model servers can take, on any machine that
 * sees the pipeline's files at the same paths.
 */
import { openJobQueue } from "../../distributed/jobQueue";
import { runWorker } from "../../distributed/workerLoop";
import type { Command } from "../command";
import { COMMAND_INFO } from "../commandInfo";
import { parseCommandArgs, UsageError } from "../command";
import { openCliStore } from "../openCliStore";
import { openSharedCacheArg, SHARED_CACHE_ENV } from "../sharedCacheArg";
import { parseCount } from "../sizeArgs";

export const workerCommand: Command = {
  ...COMMAND_INFO.worker,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      "shared-cache": { type: "string" },
      concurrency: { type: "string" },
      jobs: { type: "string" },
      db: { type: "string" },
    });
    if (positionals.length) throw new UsageError(`cascade worker takes no file (it takes its pipelines from the queue): "${positionals[0]}"`);
    const concurrency = values.concurrency === undefined ? undefined : parseCount("--concurrency", values.concurrency);
    if (concurrency === 0) throw new UsageError("--concurrency must be at least 1");
    const jobsAtOnce = values.jobs === undefined ? undefined : parseCount("--jobs", values.jobs);
    if (jobsAtOnce === 0) throw new UsageError("--jobs must be at least 1");
    const url = values["shared-cache"] ?? process.env[SHARED_CACHE_ENV];
    if (!url) throw new UsageError(`cascade worker needs --shared-cache postgres://… (or $${SHARED_CACHE_ENV}): the database of the queue and of the shared cache`);
    const sharedCache = (await openSharedCacheArg(url, process.env))!;
    const store = openCliStore(values.db, "write");
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    let boss;
    try {
      boss = await openJobQueue(url);
      io.err(`cascade worker: taking jobs from ${sharedCache.where} (results in ${store.path}); Ctrl+C stops`);
      await runWorker(boss, { store, sharedCache, concurrency, jobsAtOnce, signal: controller.signal, onLine: (line) => io.err(line) });
      return 0;
    } finally {
      process.removeListener("SIGINT", stop);
      process.removeListener("SIGTERM", stop);
      await boss?.stop({ graceful: true, wait: true, timeout: 5000 }).catch(() => {});
      store.close();
      await sharedCache.close();
    }
  },
};
