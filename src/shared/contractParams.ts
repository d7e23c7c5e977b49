/**
 * The params of every contract method, declared once as zod schemas: the types the renderer and the service
 * use are inferred from them (`ParamsOf`, src/shared/contract.ts: a schema and its type cannot disagree), and
 * the service checks raw input from a carrier (IPC, WebSocket) against them before dispatch
 * (src/main/service/paramSchemas.ts). The renderer imports only the types.
 */
import { z } from "zod";
import type { ApiResults } from "./contract";
import { ModelConfigSchema, PipelineDocSchema } from "./pipeline/schema";
import { RUN_ID_PATTERN } from "./runId";
import type { Value } from "./values";

const id = z.string().min(1).max(200);
const reviewNode = z.string().min(1).max(200);
const reviewItem = z.string().min(1).max(1000);
const none = z.union([z.undefined(), z.null(), z.object({}).strict()]);

/** What starts (checks, previews) a run. */
export const RunRequestSchema = z
  .object({
    doc: PipelineDocSchema,
    pipelineId: id.optional(),
    label: z.string().max(500).optional(),
    limit: z.number().int().min(1).optional(),
    itemIds: z.array(z.string()).optional(),
    noCache: z.boolean().optional(),
    /** Run only this node and its ancestors. */
    toNode: z.string().optional(),
    /** Run this node and its descendants (ancestors come from the cache). */
    fromNode: z.string().optional(),
  })
  .strict();

const modelName = z.string().regex(/^[A-Za-z0-9_-]+$/, "model names use letters, digits, _ and -").max(100);

export const PARAM_SCHEMAS = {
  "app.info": none,
  "datasets.preview": z
    .object({
      /** The dataset node's config (file or inline source). */
      config: z.unknown(),
      /** The open pipeline (its base dir resolves a relative path); none: the templates folder. */
      pipelineId: z.string().min(1).max(200).optional(),
      /** How many rows (default 50, at most 500). */
      limit: z.number().int().min(1).max(500).optional(),
    })
    .strict(),
  "datasets.files": z.object({ pipelineId: z.string().min(1).max(200).optional() }).strict(),

  "pipelines.list": none,
  "pipelines.get": z.object({ id, version: z.number().int().min(1).optional() }).strict(),
  "pipelines.save": z
    .object({ id: id.optional(), doc: PipelineDocSchema, autosave: z.boolean().optional(), base: z.object({ version: z.number().int(), savedAt: z.number() }).strict().optional() })
    .strict(),
  "pipelines.versions": z.object({ id }).strict(),
  "pipelines.rename": z.object({ id, name: z.string().trim().min(1).max(300) }).strict(),
  "pipelines.delete": z.object({ id }).strict(),
  "pipelines.import": z.object({ text: z.string() }).strict(),
  "pipelines.export": z.object({ doc: PipelineDocSchema }).strict(),
  "pipelines.check": z.object({ doc: PipelineDocSchema, pipelineId: z.string().optional() }).strict(),

  "templates.list": none,
  "templates.open": z.object({ file: z.string().min(1).max(200) }).strict(),

  "models.list": none,
  "models.save": z.object({ name: modelName, config: ModelConfigSchema, apiKey: z.string().max(10_000).optional() }).strict(),
  "models.delete": z.object({ name: modelName }).strict(),
  "models.test": z.object({ config: ModelConfigSchema, name: modelName.optional() }).strict(),
  "models.available": z.object({ config: ModelConfigSchema, name: modelName.optional() }).strict(),

  "providers.discover": none,
  "providers.fetchModel": z
    .object({ uri: z.string().max(500).regex(/^hf:[\w.-]+\/[\w.-]+(:[\w.-]+|\/[\w./-]+\.gguf)$/i, "an hf: model URI, e.g. hf:user/repo/file.gguf").optional() })
    .strict(),
  "providers.fetchStatus": none,
  "providers.cancelFetch": none,

  "pricing.get": none,
  "pricing.set": z
    .object({
      overrides: z.record(
        z.string().trim().min(1).max(200),
        z.object({ inputPerMillion: z.number().min(0).max(1e6), outputPerMillion: z.number().min(0).max(1e6) }).strict(),
      ),
    })
    .strict(),

  "runs.preview": RunRequestSchema.extend({ itemId: z.string().optional() }).strict(),
  "runs.start": RunRequestSchema.extend({
    /** The run's id, picked by the caller so it knows the run before its first event (./runId.ts). */
    runId: z.string().regex(RUN_ID_PATTERN, "a run id is the start time in base 36, a dash and 4 hex digits").optional(),
    /** Run the pre-flight first; when it finds something the run is not started. */
    check: z.boolean().optional(),
  }).strict(),
  "runs.cancel": z.object({ runId: id }).strict(),
  "runs.list": none,
  "runs.get": z.object({ runId: id }).strict(),
  "runs.rename": z.object({ runId: id, label: z.string().trim().min(1).max(500) }).strict(),
  "runs.delete": z.object({ runId: id }).strict(),
  "runs.results": z
    .object({
      runId: id,
      nodeId: z.string().min(1),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
      search: z.string().max(1000).optional(),
      status: z.enum(["done", "cached", "failed", "skipped", "dropped", "pending"]).optional(),
      sort: z.enum(["item", "latency", "status"]).optional(),
    })
    .strict(),
  "runs.trace": z.object({ runId: id, itemId: z.string().min(1).max(1000) }).strict(),
  "runs.compare": z
    .object({
      runIds: z.array(id).min(1).max(10),
      nodeId: z.string().min(1).optional(),
      baseline: id.optional(),
      by: z.array(z.string().min(1)).max(5).optional(),
      unscored: z.enum(["exclude", "wrong"]).optional(),
      level: z.number().gt(0).lt(1).optional(),
      seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
      resamples: z.union([z.literal("auto"), z.number().int().min(100).max(10_000_000)]).optional(),
    })
    .strict(),
  "runs.compareItems": z
    .object({
      runIds: z.array(id).min(1).max(10),
      nodeId: z.string().min(1),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
      search: z.string().max(1000).optional(),
      /** Only items whose outputs (or scores) differ between the runs. */
      onlyDisagreements: z.boolean().optional(),
    })
    .strict(),

  "runs.reports": z.object({ runId: id }).strict(),
  "runs.report": z
    .object({
      runIds: z.array(id).min(1).max(10),
      /** The node whose score is compared, and dataset columns to break accuracy down by (as `cascade report`). */
      nodeId: z.string().min(1).optional(),
      by: z.array(z.string().min(1)).max(5).optional(),
      /** As in runs.compare: the compare view's baseline and never-scored policy, so the report shows its numbers. */
      baseline: id.optional(),
      unscored: z.enum(["exclude", "wrong"]).optional(),
    })
    .strict(),
  "bundles.import": z
    .object({
      /** The bundle's file name (shown in the history as where the runs came from). */
      name: z.string().min(1).max(255),
      /** The file's bytes, base64 (a browser-mode WebSocket message holds at most 64 MB: ~47 MB of bundle). */
      bytesBase64: z.string().min(1).max(64 * 1024 * 1024),
    })
    .strict(),
  "experiments.preview": z.object({ doc: PipelineDocSchema, pipelineId: id.optional(), limit: z.number().int().min(1).optional() }).strict(),
  "experiments.start": z
    .object({
      doc: PipelineDocSchema,
      pipelineId: id.optional(),
      limit: z.number().int().min(1).optional(),
      /** The experiment's id, picked by the caller so it knows the experiment before its first event (./runId.ts format). */
      experimentId: z.string().regex(RUN_ID_PATTERN, "an experiment id is the start time in base 36, a dash and 4 hex digits").optional(),
    })
    .strict(),
  "experiments.get": z.object({ experimentId: id, by: z.array(z.string().min(1)).max(5).optional() }).strict(),
  "experiments.cancel": z.object({ experimentId: id }).strict(),
  "experiments.list": z.object({ pipelineId: id.optional(), limit: z.number().int().min(1).max(500).optional() }).strict(),
  "reviews.queue": z.object({ runId: id, nodeId: reviewNode, offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(),
  "reviews.decide": z
    .object({
      runId: id,
      nodeId: reviewNode,
      itemId: reviewItem,
      /** The sample decided (1-based), when the node is mapped over the item's samples; required then. */
      sample: z.number().int().min(1).optional(),
      decision: z.enum(["accept", "reject", "edit"]),
      /** edit: new values of editable inputs. */
      edits: z.record(z.string(), z.custom<Value>()).optional(),
      note: z.string().max(10_000).optional(),
    })
    .strict(),

  // Storage (#21; storageContract.ts): kept in one block.
  "storage.summary": none,
  "storage.gc": z
    .object({
      /** Keep the newest N runs of each pipeline. */
      keepLast: z.number().int().min(0).max(1_000_000).optional(),
      /** Keep runs started at or after this time (ms since the epoch). */
      newerThan: z.number().int().min(0).optional(),
      /** Of the cache rows no kept run refers to, drop only those made before this time (ms). */
      cacheOlderThan: z.number().int().min(0).optional(),
      /** Of those, drop the oldest until the cache's payload is at most this many bytes. */
      cacheMaxBytes: z.number().int().min(0).optional(),
      dryRun: z.boolean().optional(),
    })
    .strict(),
  "runs.pin": z.object({ runId: id, pinned: z.boolean() }).strict(),

  // Distributed runs of the shared database (#19; workersContract.ts).
  "workers.runs": z.union([z.undefined(), z.null(), z.object({ limit: z.number().int().min(1).max(1000).optional() }).strict()]),

  // The lab's PostgreSQL store (#19; labContract.ts).
  "lab.runs": z.union([z.undefined(), z.null(), z.object({ limit: z.number().int().min(1).max(10_000).optional() }).strict()]),
  "lab.pull": z.object({ runId: id }).strict(),
} satisfies { [M in keyof ApiResults]: z.ZodType };

/** The params of method M, as its schema parses them. */
export type ParamsOf<M extends keyof typeof PARAM_SCHEMAS> = z.infer<(typeof PARAM_SCHEMAS)[M]>;
