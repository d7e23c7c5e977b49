/**
 * The optional `experiment` section of a pipeline document: axes over any field of the pipeline (by the
 * `--set` path syntax of ../pipeline/setPath.ts), whose cross product (or listed combinations) are the cells
 * of a sweep; each cell is one normal run of the pipeline with those values set. `cascade sweep` runs it.
 */
import { z } from "zod";

export const ExperimentAxisSchema = z
  .object({
    path: z
      .string()
      .min(1, "the axis path is empty: give a --set path such as models.reasoner.model")
      .describe('a --set path into the pipeline: "models.reasoner.model", "nodes.selfeval.config.template", "models.reasoner.params.temperature", "settings.limit"'),
    values: z.array(z.unknown()).min(1).optional().describe("the values the path takes, one per position on this axis"),
    files: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("instead of values: files whose text is the value (relative to the pipeline's folder), e.g. alternative templates"),
  })
  .strict()
  .refine((a) => (a.values === undefined) !== (a.files === undefined), { message: "give either values or files" });
export type ExperimentAxis = z.infer<typeof ExperimentAxisSchema>;

export const ExperimentSchema = z
  .object({
    axes: z.array(ExperimentAxisSchema).min(1),
    combinations: z
      .array(z.array(z.number().int().min(0)))
      .min(1)
      .optional()
      .describe("the cells to run instead of the cross product: per cell one value index per axis, e.g. [[0, 0], [1, 1]]"),
    maxCostUsd: z.number().min(0).optional().describe("stop starting model calls once the experiment has spent this many USD"),
    maxCalls: z.number().int().min(1).optional().describe("make at most this many model calls (cache hits are free)"),
  })
  .strict();
export type Experiment = z.infer<typeof ExperimentSchema>;
