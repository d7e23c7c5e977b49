import { z } from "zod";
import { defineKind } from "../kind";
import { VARIABLE_NAME } from "../../template";

export const COLUMN_TYPES = ["text", "number", "boolean", "image", "json"] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** The file formats a dataset reads (guessed from the extension when the source does not say). */
export const DATASET_FORMATS = ["jsonl", "csv", "json", "parquet"] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

export const DatasetColumnSchema = z
  .object({
    name: z.string().regex(VARIABLE_NAME, "column names use letters, digits and _ (they become port names)"),
    type: z.enum(COLUMN_TYPES),
    /** Field of the row to read, when it differs from the port name (e.g. a CSV header with spaces). */
    field: z.string().optional(),
  })
  .strict();

export const DatasetConfigSchema = z
  .object({
    source: z.discriminatedUnion("type", [
      z
        .object({
          type: z.literal("file"),
          path: z.string().min(1).describe("relative to the pipeline file"),
          format: z.enum(DATASET_FORMATS).optional().describe("guessed from the extension when absent"),
        })
        .strict(),
      z.object({ type: z.literal("inline"), rows: z.array(z.record(z.string(), z.unknown())) }).strict(),
    ]),
    columns: z.array(DatasetColumnSchema).min(1, "declare at least one column"),
    /** Column whose value identifies an item across runs; the row number otherwise. */
    idColumn: z.string().optional(),
    /** Which rows become items (the run's `settings.limit` then takes the first N of them). */
    subset: z
      .object({
        where: z
          .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
          .optional()
          .describe("keep the rows whose fields (as named in the file) equal these values, e.g. {\"question_type\": \"multi_choice\"}"),
        sample: z
          .object({ n: z.number().int().min(1), seed: z.number().int().min(0).default(0) })
          .strict()
          .optional()
          .describe("a seeded random sample of n items (chosen by a hash of seed and item id, so it does not depend on the file's order)"),
      })
      .strict()
      .optional(),
  })
  .strict();
export type DatasetConfig = z.infer<typeof DatasetConfigSchema>;

export const datasetKind = defineKind({
  kind: "dataset",
  title: "Dataset",
  description: "Rows from a JSONL, CSV, JSON or Parquet file, or typed in; each column is an output port.",
  category: "data",
  mode: "source",
  configSchema: DatasetConfigSchema,
  defaultConfig: (): DatasetConfig => ({
    source: { type: "inline", rows: [{ question: "What is 2 + 3?", answer: "5" }] },
    columns: [
      { name: "question", type: "text" },
      { name: "answer", type: "text" },
    ],
  }),
  ports: (config) => ({ inputs: [], outputs: config.columns.map((c) => ({ name: c.name, type: c.type })) }),
  summary: (config) => (config.source?.type === "file" ? config.source.path ?? "" : `${config.source?.rows?.length ?? 0} inline rows`),
  datasetFiles: (config) => (config.source.type === "file" ? [{ path: config.source.path, field: "source.path" }] : []),
  form: "custom",
});
