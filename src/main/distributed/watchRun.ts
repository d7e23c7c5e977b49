/**
 * Follows a distributed run's progress (`cascade watch`): LISTENs on the run's channel (the workers' and the
 * coordinator's NOTIFYs, store/shared/runProgress.ts), reading the counts once first — a run may be half done
 * when the watch starts — and again every `rereadMs` in case a notification was missed (a LISTEN connection
 * lost: then it reads every `pollMs`). Calls `onProgress` for each new count; resolves with the last counts
 * when every job is done or failed, or when the signal aborts. When a wait ends with no news, `reconcile`
 * (if given) first counts the jobs the queue ended that no one counted (jobEnds.ts).
 */
import { finished, parseProgress, progressChannel, readProgress, type RunProgress } from "../store/shared/runProgress";
import { listen } from "../store/shared/listen";
import type { SharedDb } from "../store/shared/sharedCallCache";

export interface WatchOptions {
  signal?: AbortSignal;
  onProgress: (p: RunProgress) => void;
  rereadMs?: number;
  pollMs?: number;
  /** Counts jobs the queue ended without anyone counting them; its failure is not the watch's (the read after it says). */
  reconcile?: () => Promise<unknown>;
}

export async function watchRun(postgres: SharedDb, runKey: string, o: WatchOptions): Promise<RunProgress> {
  let latest: RunProgress | undefined;
  let wake: (() => void) | null = null;
  const show = (p: RunProgress) => {
    if (latest && p.done + p.failed <= latest.done + latest.failed) return; // an older notification, or no news
    latest = p;
    o.onProgress(p);
    wake?.();
  };
  let listening = true;
  const listener = await listen(
    postgres.url,
    progressChannel(runKey),
    (payload) => {
      const p = parseProgress(payload);
      if (p?.run === runKey) show(p);
    },
    () => {
      listening = false;
      wake?.();
    },
  ).catch((e: unknown) => {
    throw new Error(`cannot listen for run ${runKey}'s progress in ${postgres.where}: ${e instanceof Error ? e.message : String(e)}`);
  });
  try {
    const first = await readProgress(postgres.pool, runKey);
    if (!first) throw new Error(`${postgres.where} has no distributed run "${runKey}" (the run key is the run id \`cascade run --distributed\` prints)`);
    latest = first;
    o.onProgress(first);
    while (!finished(latest) && !o.signal?.aborted) {
      const before = latest.done + latest.failed;
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          o.signal?.removeEventListener("abort", done);
          wake = null;
          resolve();
        };
        const t = setTimeout(done, listening ? (o.rereadMs ?? 5_000) : (o.pollMs ?? 1_000));
        o.signal?.addEventListener("abort", done, { once: true });
        wake = done;
      });
      if (finished(latest) || o.signal?.aborted) break;
      if (o.reconcile && latest.done + latest.failed === before) await o.reconcile().catch(() => {});
      const now = await readProgress(postgres.pool, runKey);
      if (now) show(now);
    }
    return latest;
  } finally {
    await listener.close();
  }
}
