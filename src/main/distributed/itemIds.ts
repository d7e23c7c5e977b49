/**
 * The ids of the items a run would process (the dataset's rows, the first `limit` of them), read the way the
 * run reads them: a distributed run puts exactly these in its jobs.
 */
import { buildPlan, sourceExecutorOf } from "../engine/plan";
import type { PipelineDoc } from "../../shared/pipeline/schema";

export async function itemIdsOf(doc: PipelineDoc, baseDir: string, limit?: number): Promise<string[]> {
  const plan = buildPlan(doc);
  if (!plan.source) return ["1"]; // a pipeline without a dataset runs one empty item
  const controller = new AbortController();
  const source = sourceExecutorOf(plan.source).open(plan.source.config, { baseDir, node: plan.source.node, signal: controller.signal });
  const ids: string[] = [];
  try {
    for await (const row of source.rows()) {
      if (limit !== undefined && ids.length >= limit) break;
      ids.push(row.itemId);
    }
  } finally {
    controller.abort();
  }
  return ids;
}
