/**
 * reviews.queue, reviews.decide and runs.reports over the store (src/main/review). The queue also registers
 * the run's dataset folders, so the UI can show the items' images through GET /files.
 */
import type { Params, Result } from "../../shared/contract";
import { decideReview, reviewQueue } from "../review/queue";
import { runReports } from "../review/reports";
import { runBaseDir } from "../store/runBaseDir";
import type { Store } from "../store/store";
import type { BaseDirs } from "./baseDirs";
import { notFound, ServiceError } from "./errors";

type Methods = "runs.reports" | "reviews.queue" | "reviews.decide";
export type ReviewHandlers = { [M in Methods]: (params: Params<M>) => Promise<Result<M>> };

export function reviewsService(store: Store, baseDirs: BaseDirs): ReviewHandlers {
  const run = (runId: string) => {
    try {
      return store.runs.get(runId);
    } catch {
      throw notFound("run", runId);
    }
  };
  const checked = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw e instanceof ServiceError ? e : new ServiceError((e as Error).message);
    }
  };
  return {
    "runs.reports": async ({ runId }) => {
      run(runId);
      return checked(() => runReports(store, runId));
    },
    "reviews.queue": async ({ runId, nodeId }) => {
      const detail = run(runId);
      baseDirs.noteDatasets(detail.doc, runBaseDir(store.db, runId) ?? (await baseDirs.forPipeline(detail.pipelineId)));
      return checked(() => reviewQueue(store, runId, nodeId));
    },
    "reviews.decide": async (request) => {
      run(request.runId);
      return checked(() => decideReview(store, request));
    },
  };
}
