/**
 * runs.trace, runs.compare and runs.compareItems: reading stored runs for the inspector and the compare view.
 * runs.compare gives exactly what `cascade compare --json` prints (same loader, same compareRuns).
 */
import type { Params, Result } from "../../shared/contract";
import { compareRuns } from "../../shared/compare";
import { getKind } from "../../shared/nodes/registry";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import { loadRunForCompare, pickScoreNode } from "../compare/loadRunForCompare";
import type { CompareItemsInput, ItemListEntry } from "../store/compareItemsQuery";
import type { Store } from "../store/store";
import type { BaseDirs } from "./baseDirs";
import { notFound, ServiceError } from "./errors";
import { buildItemTrace, ImageResolver } from "./itemTrace";
import { imageDirs } from "../engine/imageDirs";

type InspectMethods = "runs.trace" | "runs.compare" | "runs.compareItems";
export type InspectHandlers = { [M in InspectMethods]: (params: Params<M>) => Promise<Result<M>> };

/** Output ports compared for a disagreement: the node's outputs except the chat it carries. */
function comparedPorts(doc: PipelineDoc, nodeId: string): string[] {
  const node = doc.nodes.find((n) => n.id === nodeId);
  const kind = node && getKind(node.kind);
  if (!node || !kind) return [];
  const parsed = kind.configSchema.safeParse(node.config);
  if (!parsed.success) return [];
  return kind
    .ports(parsed.data)
    .outputs.filter((p) => p.type !== "conversation")
    .map((p) => p.name);
}

/** Item lists of recent compareItems queries over finished runs, so paging through them costs one pass. */
const LISTS_KEPT = 8;

export function inspectService(store: Store, baseDirs: BaseDirs): InspectHandlers {
  const lists = new Map<string, ItemListEntry[]>();
  const itemList = (input: CompareItemsInput): ItemListEntry[] => {
    const states = input.runIds.map((id) => store.runMeta.state(id));
    const finished = states.every((s) => s && s.status !== "running");
    const key = JSON.stringify([input.runIds, input.nodeId, input.search ?? "", input.onlyDisagreements === true, states]);
    const kept = finished ? lists.get(key) : undefined;
    if (kept) {
      lists.delete(key);
      lists.set(key, kept);
      return kept;
    }
    const list = store.compare.itemList(input);
    if (finished) {
      lists.set(key, list);
      for (const old of lists.keys()) if (lists.size > LISTS_KEPT) lists.delete(old);
    }
    return list;
  };
  const docOf = (runId: string): { doc: PipelineDoc; pipelineId?: string } => {
    const found = store.runMeta.docOf(runId);
    if (!found) throw notFound("run", runId);
    return found;
  };

  return {
    "runs.trace": async ({ runId, itemId }) => {
      const { doc, pipelineId } = docOf(runId);
      const baseDir = store.runMeta.baseDir(runId) ?? (await baseDirs.forPipeline(pipelineId));
      baseDirs.noteDatasets(doc, baseDir); // the UI may now read its images (GET /files)
      try {
        return buildItemTrace(store.traces, runId, itemId, doc, new ImageResolver(imageDirs(doc, baseDir)));
      } catch (e) {
        throw new ServiceError((e as Error).message);
      }
    },
    "runs.compare": async ({ runIds, nodeId, ...opts }) => {
      for (const id of runIds) docOf(id);
      try {
        return compareRuns(runIds.map((id) => loadRunForCompare(store, id, nodeId, opts.by ?? [])), opts);
      } catch (e) {
        throw new ServiceError(`runs.compare: ${(e as Error).message}`);
      }
    },
    "runs.compareItems": async (query) => {
      const docs = query.runIds.map((id) => docOf(id).doc);
      if (new Set(query.runIds).size !== query.runIds.length) throw new ServiceError("runs.compareItems: a run is named more than once");
      const owner = docs.findIndex((d) => d.nodes.some((n) => n.id === query.nodeId));
      if (owner < 0) throw new ServiceError(`runs.compareItems: none of the runs has a node "${query.nodeId}"`);
      const input: CompareItemsInput = { ...query, ports: comparedPorts(docs[owner], query.nodeId), scoreNodes: docs.map((d) => pickScoreNode(d)) };
      return store.compare.itemsPage(input, itemList(input));
    },
  };
}
