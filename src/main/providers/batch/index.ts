/**
 * The batch API of each provider kind that has one: exactly the kinds whose descriptor (shared/providers.ts)
 * gives a batchPriceFactor — the type below asks for an entry for each of them and refuses one for any other.
 */
import type { ModelConfig, ProviderKind } from "../../../shared/pipeline/schema";
import type { PROVIDERS } from "../../../shared/providers";
import { anthropicBatch, anthropicHeaders } from "./anthropicBatch";
import type { BatchProtocol } from "./batchTypes";
import { geminiBatch, geminiHeaders } from "./geminiBatch";
import { openaiBatch } from "./openaiBatch";

export interface BatchApi {
  protocol: BatchProtocol;
  headers: Record<string, string>;
}

type BatchApiFactory = (config: ModelConfig, apiKey: string | undefined) => BatchApi;

/** The kinds whose descriptor says they have a batch API. */
type BatchKind = { [K in ProviderKind]: (typeof PROVIDERS)[K]["batchPriceFactor"] extends number ? K : never }[ProviderKind];

export const BATCH_APIS: Record<BatchKind, BatchApiFactory> = {
  openai: (config, apiKey) => ({ protocol: openaiBatch(config), headers: apiKey ? { authorization: `Bearer ${apiKey}` } : ({} as Record<string, string>) }),
  anthropic: (_config, apiKey) => ({ protocol: anthropicBatch, headers: anthropicHeaders(apiKey) }),
  gemini: (_config, apiKey) => ({ protocol: geminiBatch, headers: geminiHeaders(apiKey) }),
};

export function batchApiFor(config: ModelConfig, apiKey: string | undefined): BatchApi | undefined {
  const factory: BatchApiFactory | undefined = (BATCH_APIS as Partial<Record<ProviderKind, BatchApiFactory>>)[config.provider];
  return factory?.(config, apiKey);
}
