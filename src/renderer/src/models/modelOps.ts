/** Edits of the pipeline's named models (recipes; a rename also rewires the prompts that use the model). */
import type { ModelConfig, PipelineDoc } from "../../../shared/pipeline/schema";
import { getKind } from "../../../shared/nodes/registry";
import { PROVIDERS } from "../../../shared/providers";

/** The model a new remote entry starts as (the models panel's "remote model", the model picker's "new model"). */
export const REMOTE_MODEL: ModelConfig = Object.freeze({ provider: "openai", model: "gpt-4o-mini", apiKeyEnv: PROVIDERS.openai.keyEnv });

export function renameModel(draft: PipelineDoc, from: string, to: string): void {
  if (from === to || !(from in draft.models) || to in draft.models) return;
  const models: Record<string, ModelConfig> = {};
  for (const [k, v] of Object.entries(draft.models)) models[k === from ? to : k] = v;
  draft.models = models;
  for (const node of draft.nodes) {
    if (getKind(node.kind)?.modelRefs(node.config).includes(from) && node.config.model === from) node.config.model = to;
  }
}

export function removeModel(draft: PipelineDoc, name: string): void {
  delete draft.models[name];
}

export function modelUsers(doc: PipelineDoc, name: string): string[] {
  return doc.nodes.filter((n) => n.config.model === name && getKind(n.kind)?.modelRefs(n.config).includes(name)).map((n) => n.id);
}
