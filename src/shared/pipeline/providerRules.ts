/**
 * What each provider's API accepts, where the shared ModelParams say more than it does. Validation refuses a
 * parameter the API would answer with a 400 (so a run does not fail on every item), and the OpenAI client
 * reads from here which name maxTokens goes under.
 *
 * - OpenAI: newer and reasoning models take `max_completion_tokens` (max_tokens is refused with a 400);
 *   OpenAI-compatible local servers (vLLM, llama.cpp, LM Studio) know only `max_tokens`. The model config's
 *   `tokenParam` says which; by default max_completion_tokens against api.openai.com or for a reasoning
 *   model's name, else max_tokens. Reasoning models (o1, o3, o4-mini, gpt-5, ...) accept temperature and
 *   top_p only at their default 1; the config's `reasoning` says so, by default guessed from the name.
 * - Anthropic: temperature is 0..1, and current models refuse temperature and top_p together.
 */
import type { Problem } from "./problems";
import type { ModelConfig, ModelParams, PipelineDoc } from "./schema";
import { providerOf } from "../providers";

export type TokenParam = "max_tokens" | "max_completion_tokens";

const OPENAI_HOST = /^https:\/\/api\.openai\.com(\/|$)/;
/** o1, o1-mini, o3, o3-mini, o3-pro, o4-mini, gpt-5, gpt-5-mini, ... (optionally after a "provider/" prefix). */
const REASONING_NAME = /^(?:[\w.-]+\/)?(?:o\d+(?:$|[-.])|gpt-5)/i;

export function isOpenAiHost(config: ModelConfig): boolean {
  return config.baseUrl === undefined || OPENAI_HOST.test(config.baseUrl);
}

/** Whether an OpenAI model takes temperature/top_p only at their default (its `reasoning` setting, else its name). */
export function isReasoningModel(config: ModelConfig): boolean {
  return config.reasoning ?? REASONING_NAME.test(config.model);
}

/** The body field maxTokens is sent as by the OpenAI client. */
export function openAiTokenParam(config: ModelConfig): TokenParam {
  if (config.tokenParam) return config.tokenParam;
  return isOpenAiHost(config) || isReasoningModel(config) ? "max_completion_tokens" : "max_tokens";
}

interface ParamSite {
  /** JSON path of the params object, e.g. `models.m.params` or `nodes[2].config.params`. */
  path: string;
  nodeId?: string;
  /** The fields set at this site (a problem is reported where the field is set). */
  own: ModelParams;
}

function paramProblems(name: string, config: ModelConfig, effective: ModelParams, site: ParamSite): Problem[] {
  const out: Problem[] = [];
  const at = (field: keyof ModelParams, message: string) => {
    if (site.own[field] !== undefined) out.push({ code: "unsupported-param", message, path: `${site.path}.${field}`, nodeId: site.nodeId });
  };
  if (config.provider === "openai" && isReasoningModel(config)) {
    const why = `model "${name}" (${config.model}) is a reasoning model: it accepts only the default 1 (remove it, or set reasoning: false on the model if it is not one)`;
    if (effective.temperature !== undefined && effective.temperature !== 1) at("temperature", `temperature ${effective.temperature} is refused: ${why}`);
    if (effective.topP !== undefined && effective.topP !== 1) at("topP", `topP ${effective.topP} is refused: ${why}`);
  }
  if (config.provider !== "ollama" && effective.numCtx !== undefined) {
    at("numCtx", `numCtx is an Ollama option; model "${name}" is ${config.provider} (its context size is the server's)`);
  }
  if (config.provider === "anthropic") {
    if (effective.temperature !== undefined && effective.temperature > 1) {
      at("temperature", `temperature ${effective.temperature} is outside Anthropic's range 0–1 (model "${name}")`);
    }
    if (effective.temperature !== undefined && effective.topP !== undefined) {
      const message = `Anthropic refuses temperature and topP together (model "${name}"): set only one`;
      at("topP", message);
      if (site.own.topP === undefined) at("temperature", message);
    }
  }
  return out;
}

/** `batch` needs a provider kind with a batch API; `batchFallback` means nothing without `batch`. */
function batchProblems(name: string, config: ModelConfig): Problem[] {
  const out: Problem[] = [];
  // Checked beside the schema, which reports a wrong type or an unknown provider itself.
  const kind = providerOf(config.provider) as ReturnType<typeof providerOf> | undefined;
  if (config.batch === true && kind && kind.batchPriceFactor === null) {
    out.push({ code: "unsupported-param", message: `model "${name}" is ${config.provider}, which has no batch API: batch works with openai, anthropic and gemini (remove batch)`, path: `models.${name}.batch` });
  }
  if (config.batchFallback !== undefined && config.batch !== true) {
    out.push({ code: "unsupported-param", message: `batchFallback is for batch models; model "${name}" does not set batch: true`, path: `models.${name}.batchFallback` });
  }
  return out;
}

/** Replicas need an HTTP provider and a baseUrl to join, and must differ from it and from each other. */
function replicaProblems(name: string, config: ModelConfig): Problem[] {
  if (!Array.isArray(config.replicas) || !config.replicas.length) return [];
  const at = `models.${name}.replicas`;
  const kind = providerOf(config.provider) as ReturnType<typeof providerOf> | undefined;
  if (!kind) return [];
  if (kind.defaultBaseUrl === null) return [{ code: "unsupported-param", message: `model "${name}" runs embedded (${config.provider}): it has no URL to pool replicas with`, path: at }];
  if (!config.baseUrl) return [{ code: "unsupported-param", message: `model "${name}" has replicas but no baseUrl: set baseUrl to the first replica`, path: `models.${name}.baseUrl` }];
  if (typeof config.baseUrl !== "string") return [];
  const seen = new Set([config.baseUrl.replace(/\/+$/, "")]);
  const out: Problem[] = [];
  config.replicas.forEach((url, i) => {
    if (typeof url !== "string") return; // the schema says what is wrong with it
    const u = url.replace(/\/+$/, "");
    if (seen.has(u)) out.push({ code: "unsupported-param", message: `replica ${u} of model "${name}" is listed twice (baseUrl included)`, path: `${at}[${i}]` });
    seen.add(u);
  });
  return out;
}

/** The problems of every model's params and of every node's params against the model it uses. */
export function providerParamProblems(doc: PipelineDoc, nodeParams: (nodeId: string) => { model?: string; params?: ModelParams } | undefined): Problem[] {
  const problems: Problem[] = [];
  const models = doc.models ?? {};
  for (const [name, config] of Object.entries(models)) {
    if (config?.params) problems.push(...paramProblems(name, config, config.params, { path: `models.${name}.params`, own: config.params }));
    if (config) problems.push(...batchProblems(name, config), ...replicaProblems(name, config));
  }
  doc.nodes.forEach((node, i) => {
    const c = nodeParams(node.id);
    if (!c?.model || !c.params || !Object.prototype.hasOwnProperty.call(models, c.model)) return;
    const config = models[c.model];
    problems.push(...paramProblems(c.model, config, { ...config.params, ...c.params }, { path: `nodes[${i}].config.params`, nodeId: node.id, own: c.params }));
  });
  return problems;
}
