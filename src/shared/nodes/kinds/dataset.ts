import { z } from "zod";
import { defineKind } from "../kind";
import { VARIABLE_NAME } from "../../template";

export const COLUMN_TYPES = ["text", "number", "boolean", "image", "json"] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** The file formats a dataset reads (guessed from the extension when the source does not say). */
export const DATASET_FORMATS = ["jsonl", "csv", "json", "parquet"] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** A hub repository id: "owner/name" (letters, digits, "-", "_", "."; neither part starts with "." or "-"). */
export const HUB_REPO = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,95}\/[A-Za-z0-9_][A-Za-z0-9_.-]{0,95}$/;
/** A config or split name of a hub dataset (no "/", no "..": they become URL and folder parts). */
const HUB_NAME = /^(?!\.{1,2}$)[A-Za-z0-9_.-]{1,120}$/;

export const HuggingFaceSourceSchema = z
  .object({
    type: z.literal("huggingface"),
    repo: z.string().regex(HUB_REPO, 'repo must be a hub dataset id "owner/name" (letters, digits, -, _ and .), e.g. "AI4Math/MathVista"'),
    config: z.string().regex(HUB_NAME, "config is a subset name of letters, digits, -, _ and .").optional().describe('the subset ("default" when absent)'),
    split: z.string().regex(HUB_NAME, "split is a name of letters, digits, -, _ and . (e.g. test)"),
    revision: z
      .string()
      .regex(/^(?!.*\.\.)[A-Za-z0-9_./-]{1,200}$/, "revision is a branch, tag or commit of letters, digits, -, _, . and /")
      .optional()
      .describe('the branch of the Parquet conversion ("refs/convert/parquet" when absent)'),
  })
  .strict();
export type HuggingFaceSource = z.infer<typeof HuggingFaceSourceSchema>;

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
      HuggingFaceSourceSchema,
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
  description: "Rows from a JSONL, CSV, JSON or Parquet file, a Hugging Face hub dataset, or typed in; each column is an output port.",
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
  summary: (config) =>
    config.source?.type === "file"
      ? config.source.path ?? ""
      : config.source?.type === "huggingface"
        ? `${config.source.repo} (${config.source.config ?? "default"}, ${config.source.split})`
        : `${config.source?.rows?.length ?? 0} inline rows`,
  datasetFiles: (config) => (config.source.type === "file" ? [{ path: config.source.path, field: "source.path" }] : []),
  form: "custom",
});
