/** Runtime checks of the params of reviews.* and runs.reports (spread into ./paramSchemas.ts). */
import { z } from "zod";

const id = z.string().min(1).max(200);
const itemId = z.string().min(1).max(1000);
const name = z.string().min(1).max(200);

export const REVIEW_PARAM_SCHEMAS = {
  "runs.reports": z.object({ runId: id }).strict(),
  "reviews.queue": z.object({ runId: id, nodeId: name, offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(),
  "reviews.decide": z
    .object({
      runId: id,
      nodeId: name,
      itemId,
      sample: z.number().int().min(1).optional(),
      decision: z.enum(["accept", "reject", "edit"]),
      edits: z.record(z.string(), z.any()).optional(),
      note: z.string().max(10_000).optional(),
    })
    .strict(),
} satisfies Record<"runs.reports" | "reviews.queue" | "reviews.decide", z.ZodType>;
