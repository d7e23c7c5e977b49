/**
 * The pipeline document, defined once with zod. Node configs are checked per kind by the registry
 * (see ../nodes/registry.ts), so that a bad config names the node and field it concerns.
 */
import { z } from "zod";
import { ExperimentSchema } from "../experiment/schema";

export const PIPELINE_FORMAT = "cascade-studio/pipeline";
export const PIPELINE_VERSION = 1;

export const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
export const ENV_VAR_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const PROVIDER_KINDS = ["openai", "ollama", "anthropic", "gemini", "llama-cpp"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** Sampling parameters shared by every provider; each provider maps them to its own names. */
export const ModelParamsSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().min(1).max(1_000_000).optional(),
    topP: z.number().min(0).max(1).optional(),
    seed: z.number().int().optional(),
    stop: z.array(z.string()).max(16).optional(),
    json: z.boolean().optional().describe("ask for a JSON reply where the provider supports it"),
    numCtx: z.number().int().min(256).max(10_000_000).optional().describe("ollama only: the context window (num_ctx); the server's default may silently cut long prompts and images"),
  })
  .strict();
export type ModelParams = z.infer<typeof ModelParamsSchema>;

export const PriceSchema = z
  .object({
    inputPerMillion: z.number().min(0).describe("USD per million input tokens"),
    outputPerMillion: z.number().min(0).describe("USD per million output tokens"),
  })
  .strict();

/** The values a model's maxImageSide may take, in pixels (the models panel validates against it too). */
export const IMAGE_SIDE_RANGE = Object.freeze({ min: 16, max: 16384 });

export const ModelConfigSchema = z
  .object({
    provider: z.enum(PROVIDER_KINDS),
    model: z.string().min(1).describe("model name as the server knows it; for llama-cpp a path to a GGUF file"),
    baseUrl: z
      .string()
      .url()
      .regex(/^https?:\/\//i, "baseUrl must be an http:// or https:// address")
      .optional()
      .describe("endpoint, e.g. http://127.0.0.1:11434 or http://127.0.0.1:8000/v1"),
    replicas: z
      .array(z.string().url().regex(/^https?:\/\//i, "a replica must be an http:// or https:// address"))
      .min(1)
      .max(64)
      .optional()
      .describe("more base URLs serving the same model (an endpoint pool with baseUrl): calls go to the replica with the fewest in flight, a failing one is drained and probed again later; the cache key is baseUrl's"),
    apiKeyEnv: z
      .string()
      .regex(ENV_VAR_PATTERN, "must be the NAME of an environment variable, e.g. OPENAI_API_KEY")
      .optional()
      .describe("name of the environment variable holding the API key; never the key itself"),
    params: ModelParamsSchema.optional(),
    concurrency: z.number().int().min(1).max(256).optional(),
    requestsPerMinute: z.number().min(1).optional(),
    timeoutMs: z.number().int().min(1000).optional().describe("longest single attempt of a call (default 120000)"),
    deadlineMs: z
      .number()
      .int()
      .min(1000)
      .optional()
      .describe("total time of one call, every retry and wait included (default max(300000, timeoutMs)); retries go on until it is spent"),
    maxRetries: z.number().int().min(0).max(100).optional().describe("most retries of one call (default: as many as fit in deadlineMs, at most 100)"),
    maxReplyChars: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("longest reply accepted, in characters (default 4194304); a longer one fails the item and is not stored"),
    threads: z.number().int().min(1).max(64).optional().describe("llama-cpp only: CPU threads"),
    maxImageSide: z
      .number()
      .int()
      .min(IMAGE_SIDE_RANGE.min)
      .max(IMAGE_SIDE_RANGE.max)
      .optional()
      .describe("down-scale images whose longer side exceeds this many pixels before sending them (same type; the cache key hashes the bytes sent)"),
    price: PriceSchema.optional(),
    tokenParam: z
      .enum(["max_tokens", "max_completion_tokens"])
      .optional()
      .describe("openai only: the field maxTokens is sent as (default max_completion_tokens for api.openai.com and reasoning models, max_tokens for other servers)"),
    reasoning: z
      .boolean()
      .optional()
      .describe("openai only: a reasoning model (o-series, gpt-5) that takes temperature/topP only at their default 1 (default: guessed from the model name)"),
    keepAlive: z
      .union([z.string().regex(/^-?\d+(\.\d+)?(ms|s|m|h)?$/, 'a duration such as "5m", "1h", "30s" or "-1" (forever)'), z.number()])
      .optional()
      .describe("ollama only: how long the server keeps the model loaded after a call (keep_alive)"),
    batch: z
      .boolean()
      .optional()
      .describe("openai, anthropic, gemini: send this model's calls through the provider's batch API (about half price, answers within hours), stage by stage; see README \"Batch price\""),
    batchFallback: z
      .enum(["batch", "live", "fail"])
      .optional()
      .describe("batch only: what a request the batch failed or let expire does — go into a later batch (default), be made as a live call, or fail its item"),
  })
  .strict();
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

export const PositionSchema = z.object({ x: z.number(), y: z.number() }).strict();

/** A node as stored; `config` is validated against the kind's own schema by the registry. */
export const NodeDocSchema = z
  .object({
    id: z.string().regex(ID_PATTERN, "ids use letters, digits, _ and -"),
    kind: z.string().min(1),
    label: z.string().optional(),
    position: PositionSchema,
    config: z.record(z.string(), z.unknown()),
    noCache: z.boolean().optional().describe("always call the model for this node, ignoring the cache"),
    group: z.string().optional().describe("id of the group (a labelled frame on the canvas) the node belongs to; no effect on runs"),
  })
  .strict();
export type NodeDoc = z.infer<typeof NodeDocSchema>;

export const EdgeDocSchema = z
  .object({
    id: z.string().regex(ID_PATTERN, "ids use letters, digits, _ and -"),
    source: z.string(),
    sourcePort: z.string(),
    target: z.string(),
    targetPort: z.string(),
    /** When the source yields several samples: run the target once per sample ("map") or pass the list ("whole"). */
    samples: z.enum(["map", "whole"]).optional(),
  })
  .strict();
export type EdgeDoc = z.infer<typeof EdgeDocSchema>;

/** A labelled frame around part of a cascade on the canvas; its members name it in `group`. Runs ignore it. */
export const GroupDocSchema = z
  .object({
    id: z.string().regex(ID_PATTERN, "ids use letters, digits, _ and -"),
    label: z.string(),
  })
  .strict();
export type GroupDoc = z.infer<typeof GroupDocSchema>;

export const PipelineSettingsSchema = z
  .object({
    concurrency: z.number().int().min(1).max(256).optional().describe("default per-model concurrency (8)"),
    noCache: z.boolean().optional(),
    limit: z.number().int().min(1).optional().describe("run on the first N items only"),
    repeats: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .describe("run the whole pipeline k times, each repeat its own run with its own cache keys and seeds; scores reported as mean ± sd over the repeats"),
  })
  .strict();

export const PipelineDocSchema = z
  .object({
    format: z.literal(PIPELINE_FORMAT),
    version: z.literal(PIPELINE_VERSION),
    name: z.string().min(1),
    description: z.string().optional(),
    models: z.record(z.string().regex(ID_PATTERN, "model names use letters, digits, _ and -"), ModelConfigSchema),
    nodes: z.array(NodeDocSchema),
    edges: z.array(EdgeDocSchema),
    groups: z.array(GroupDocSchema).optional(),
    settings: PipelineSettingsSchema.optional(),
    experiment: ExperimentSchema.optional().describe("axes a sweep (`cascade sweep`) runs the pipeline over; runs ignore it"),
  })
  .strict();
export type PipelineDoc = z.infer<typeof PipelineDocSchema>;
