/**
 * reviews.queue, reviews.decide and runs.reports over the store (src/main/review). The queue registers the
 * run's dataset folders and makes image sources absolute (as the engine read them), so the UI can show the
 * items' images through GET /files. Decisions are hashed on the stored inputs, never on these shown values.
 */
import type { Params, Result } from "../../shared/contract";
import type { Value } from "../../shared/values";
import { decideReview, reviewQueue } from "../review/queue";
import { imageInputsOf, reviewNodeOf } from "../review/reviewInputsOf";
import { runReports } from "../review/reports";
import type { Store } from "../store/store";
import type { BaseDirs } from "./baseDirs";
import { notFound, ServiceError } from "./errors";
import { ImageResolver } from "./itemTrace";
import { imageDirs } from "../engine/imageDirs";

/** Inputs as the UI shows them: image refs (also inside chats) and image-typed paths made absolute. */
function shown(resolver: ImageResolver, inputs: Record<string, Value>, imageInputs: string[]): Record<string, Value> {
  const out = resolver.record(inputs);
  for (const name of imageInputs) if (typeof out[name] === "string") out[name] = resolver.source(out[name] as string);
  return out;
}

type Methods = "runs.reports" | "reviews.queue" | "reviews.decide";
export type ReviewHandlers = { [M in Methods]: (params: Params<M>) => Promise<Result<M>> };

/** The image-typed inputs of a run's review node. */
function reviewQueueShape(store: Store, runId: string, nodeId: string): string[] {
  const doc = store.runs.get(runId).doc;
  return imageInputsOf(doc, reviewNodeOf(doc, runId, nodeId));
}

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
  const shownImages = async (runId: string) => {
    const detail = run(runId);
    const baseDir = store.runMeta.baseDir(runId) ?? (await baseDirs.forPipeline(detail.pipelineId));
    baseDirs.noteDatasets(detail.doc, baseDir);
    return new ImageResolver(imageDirs(detail.doc, baseDir));
  };
  return {
    "runs.reports": async ({ runId }) => {
      run(runId);
      return checked(() => runReports(store, runId));
    },
    "reviews.queue": async ({ runId, nodeId, offset, limit }) => {
      const resolver = await shownImages(runId);
      const queue = checked(() => reviewQueue(store, runId, nodeId, { offset, limit }));
      return { ...queue, items: queue.items.map((item) => ({ ...item, inputs: shown(resolver, item.inputs, queue.imageInputs) })) };
    },
    "reviews.decide": async (request) => {
      const resolver = await shownImages(request.runId);
      const item = checked(() => decideReview(store, request));
      const imageInputs = checked(() => reviewQueueShape(store, request.runId, request.nodeId));
      return { ...item, inputs: shown(resolver, item.inputs, imageInputs) };
    },
  };
}
