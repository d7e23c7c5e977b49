/** The datasets part of the contract (re-exported by contract.ts): the first rows of a dataset node, and its folder's data files. */
import type { ParamsOf } from "./contractParams";
import type { ColumnTypeGuess } from "./datasets/columnTypes";
import type { DatasetFormat } from "./nodes/kinds/dataset";

export type DatasetPreviewRequest = ParamsOf<"datasets.preview">;

export interface DatasetPreview {
  /** The folder a relative path resolves against, and what it is. */
  baseDir: string;
  baseDirKind: "pipeline-file" | "templates";
  /** The file read (absolute), for a file source. */
  path?: string;
  format?: DatasetFormat;
  /** The first rows as read (fields as in the file, not yet typed by the columns). */
  rows: Record<string, unknown>[];
  /** Rows among them that could not be read, by place ("data.jsonl:12"). */
  errors: { where: string; message: string }[];
  /** Every field seen in these rows with the type its values suggest. */
  fields: ColumnTypeGuess[];
  /** Rows in the whole dataset (an estimate for large files; null when unknown). */
  total: number | null;
  /** The image values of the image fields of these rows (so browser mode's GET /files may serve them). */
  images: { kind: "image"; source: string }[];
}

export interface DatasetFileList {
  baseDir: string;
  baseDirKind: "pipeline-file" | "templates";
  /** Data files (.jsonl, .ndjson, .csv, .tsv, .json) under the base dir, relative to it, at most 3 folders deep. */
  files: string[];
}

/** The datasets.* methods' reply types (their params: ./contractParams.ts). */
export interface DatasetsResults {
  "datasets.preview": DatasetPreview;
  "datasets.files": DatasetFileList;
}
