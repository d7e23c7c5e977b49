/** datasets.preview (the first rows of a dataset node, for the app's table) and datasets.files (Browse). */
import { readdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { Params, Result } from "../../shared/contract";
import { DatasetConfigSchema } from "../../shared/nodes/kinds/dataset";
import { previewDataset } from "../engine/datasets/preview";
import { isDatasetFileName } from "../engine/datasets/readers";
import type { BaseDirs } from "./baseDirs";
import { ServiceError } from "./errors";

type DatasetMethods = "datasets.preview" | "datasets.files";
export type DatasetHandlers = { [M in DatasetMethods]: (params: Params<M>) => Promise<Result<M>> };

const MAX_DEPTH = 3;
const MAX_FILES = 300;
const SKIP_DIRS = new Set(["node_modules", ".git", "outputs"]);

async function dataFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (out.length >= MAX_FILES || e.name.startsWith(".")) continue;
      const full = join(dir, e.name);
      if (e.isDirectory() && depth < MAX_DEPTH && !SKIP_DIRS.has(e.name)) await walk(full, depth + 1);
      else if (e.isFile() && isDatasetFileName(e.name) && !e.name.endsWith(".cascade.json")) out.push(relative(root, full).split("\\").join("/"));
    }
  };
  await walk(root, 0);
  return out;
}

export function datasetsService(baseDirs: BaseDirs): DatasetHandlers {
  const where = async (pipelineId?: string) => {
    const baseDir = await baseDirs.forPipeline(pipelineId);
    const baseDirKind = resolve(baseDir) === resolve(baseDirs.templatesDir) ? ("templates" as const) : ("pipeline-file" as const);
    return { baseDir, baseDirKind };
  };
  return {
    "datasets.preview": async ({ config, pipelineId, limit }) => {
      const parsed = DatasetConfigSchema.shape.source.safeParse((config as { source?: unknown } | null)?.source);
      if (!parsed.success) throw new ServiceError(`the dataset's source is not valid: ${parsed.error.issues[0]?.message ?? "unknown problem"}`);
      const { baseDir, baseDirKind } = await where(pipelineId);
      const preview = await previewDataset(parsed.data, baseDir, limit ?? 50);
      // The table shows the rows' images through GET /files, which reads only known dataset folders.
      if (preview.path) baseDirs.noteDatasetFile(preview.path);
      const images: { kind: "image"; source: string }[] = [];
      for (const f of preview.fields) {
        if (f.type !== "image") continue;
        for (const row of preview.rows) {
          const v = row[f.field];
          const o = v && typeof v === "object" ? (v as Record<string, unknown>) : null;
          const source = typeof v === "string" ? v : typeof o?.path === "string" ? o.path : typeof o?.url === "string" ? o.url : null;
          if (source) images.push({ kind: "image", source });
        }
      }
      return { baseDir, baseDirKind, ...preview, images };
    },
    "datasets.files": async ({ pipelineId }) => {
      const { baseDir, baseDirKind } = await where(pipelineId);
      return { baseDir, baseDirKind, files: await dataFiles(baseDir) };
    },
  };
}
