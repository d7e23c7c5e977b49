/**
 * The order the cells of an experiment run in. Cells with a local model run one after another in this order
 * (main/experiment/runSweep.ts; cells of remote models only run alongside them, a few at a time). Cells whose
 * local models (Ollama, llama.cpp, LM Studio, an embedded GGUF: providers.ts isLocalModel) are the same run
 * consecutively, so a local server loads each model once rather than once per cell; otherwise the definition
 * order is kept.
 */
import { getKind } from "../nodes/registry";
import type { PipelineDoc } from "../pipeline/schema";
import { endpointOf, isLocalModel } from "../providers";

/** The local models a pipeline's nodes call, as sorted "endpoint model" keys. */
export function localModelsOf(doc: PipelineDoc): string[] {
  const used = new Set<string>();
  for (const node of doc.nodes) for (const name of getKind(node.kind)?.modelRefs(node.config as never) ?? []) used.add(name);
  const keys = new Set<string>();
  for (const name of used) {
    const config = doc.models[name];
    if (config && isLocalModel(config)) keys.add(`${endpointOf(config) ?? "embedded"} ${config.model}`);
  }
  return [...keys].sort();
}

/**
 * Cell positions in run order: grouped by their set of local models, the groups in the order their first
 * cell is defined, the cells of a group in definition order.
 */
export function scheduleCells(docs: readonly PipelineDoc[]): number[] {
  const groups = new Map<string, number[]>();
  docs.forEach((doc, i) => {
    const key = JSON.stringify(localModelsOf(doc));
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  return [...groups.values()].flat();
}
