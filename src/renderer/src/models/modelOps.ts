/** Edits of the pipeline's named models (recipes; a rename also rewires the prompts that use the model). */
import type { ModelConfig, PipelineDoc } from "../../../shared/pipeline/schema";
import { getKind } from "../../../shared/nodes/registry";

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

export const DEFAULT_BASE_URLS: Record<ModelConfig["provider"], string> = {
  openai: "https://api.openai.com/v1",
  ollama: "http://127.0.0.1:11434",
  anthropic: "https://api.anthropic.com",
  gemini: "https://generativelanguage.googleapis.com",
  "llama-cpp": "",
};

export const DEFAULT_KEY_ENV: Partial<Record<ModelConfig["provider"], string>> = {
  openai: "OPENAI_API_KEY",
  anthropic: "ANTHROPIC_API_KEY",
  gemini: "GEMINI_API_KEY",
};
