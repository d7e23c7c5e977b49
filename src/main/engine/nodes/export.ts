/**
 * Export: gathers every item's samples (a mix's list, or one conversation/sample per item), formats them
 * (src/shared/ddf/exportFormats.ts) and writes the file at outPath, relative to the pipeline's folder (or to the
 * run's output folder: the app's runs of template-based pipelines get an absolute outPath, see ../outputPaths.ts).
 * Images are embedded as data URLs, copied into images/ next to the file, or referenced as given (./exportImages.ts). The file is written to a temporary
 * name and renamed, so a failed export never leaves half a file.
 */
import { existsSync } from "node:fs";
import { copyFile, mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { formatExport } from "../../../shared/ddf/exportFormats";
import { imageDirs } from "../imageDirs";
import { exportImageBytes, exportImages } from "./exportImages";
import { sampleImages, toTrainingSample, type TrainingSample } from "../../../shared/ddf/samples";
import { defaultImageMode, type ExportConfig } from "../../../shared/nodes/kinds/export";
import type { PipelineDoc } from "../../../shared/pipeline/schema";
import type { Value } from "../../../shared/values";
import type { AggregateExecutor, AggregateInputRow } from "./types";

export interface ExportReport {
  skipped: { id: string; error: string }[];
  skippedTotal: number;
  imagesCopied: number;
  /** Distinct images embedded as data URLs (images: data-url). */
  imagesEmbedded: number;
}

/** The samples of all rows: a list (a mix's output) gives its elements, any other value one sample for its item. */
export function collectSamples(rows: Iterable<AggregateInputRow>): { samples: TrainingSample[]; skipped: { id: string; error: string }[] } {
  const samples: TrainingSample[] = [];
  const skipped: { id: string; error: string }[] = [];
  const add = (value: unknown, id: string, branch?: string) => {
    const r = toTrainingSample(value, { id, branch });
    if (r.ok) samples.push(r.sample);
    else skipped.push({ id, error: r.error });
  };
  for (const row of rows) {
    const value = row.values.samples;
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      value.forEach((v, k) => {
        const meta = v as { id?: unknown; branch?: unknown };
        add(v, typeof meta?.id === "string" ? meta.id : `${row.itemId}:${k + 1}`, typeof meta?.branch === "string" ? meta.branch : undefined);
      });
    } else add(value, row.itemId);
  }
  return { samples, skipped };
}

async function copyImage(source: string, target: string, dirs: string[], nodeId: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  if (source.startsWith("data:")) return writeFile(target, await exportImageBytes(source, dirs, nodeId));
  const candidates = isAbsolute(source) ? [source] : dirs.map((d) => resolve(d, source));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`export ${nodeId}: image "${source}" not found (looked in ${candidates.join(", ")})`);
  await copyFile(found, target);
}

export async function writeExport(
  config: ExportConfig,
  samples: TrainingSample[],
  where: { baseDir: string; imageDirs: string[]; nodeId: string },
): Promise<{ path: string; records: number; skipped: { id: string; error: string }[]; imagesCopied: number; imagesEmbedded: number }> {
  const outFile = resolve(where.baseDir, config.outPath);
  const outDir = dirname(outFile);
  const plan = await exportImages(samples.flatMap(sampleImages), config.images ?? defaultImageMode(config.format), where.imageDirs, where.nodeId);
  const text = formatExport(samples, config.format, plan.pathOf);
  await mkdir(outDir, { recursive: true });
  for (const copy of plan.copies) await copyImage(copy.source, join(outDir, copy.target), where.imageDirs, where.nodeId);
  const tmp = `${outFile}.${process.pid}.tmp`;
  await writeFile(tmp, text.text, "utf8");
  await rename(tmp, outFile);
  return { path: outFile, records: text.records, skipped: text.skipped, imagesCopied: plan.copies.length, imagesEmbedded: plan.embedded };
}

/**
 * Formats and writes the export of these rows (a run's, or a stored run's read back by `cascade export`).
 * outPath resolves against baseDir; relative image paths are looked up in the dataset folders of the doc.
 */
export async function exportRows(config: ExportConfig, rows: Iterable<AggregateInputRow>, where: { doc: PipelineDoc; baseDir: string; nodeId: string }) {
  const { nodeId, baseDir } = where;
  const collected = collectSamples(rows);
  const written = await writeExport(config, collected.samples, { baseDir, imageDirs: imageDirs(where.doc, baseDir), nodeId });
  const skipped = [...collected.skipped, ...written.skipped];
  if (written.records === 0 && skipped.length > 0) throw new Error(`export ${nodeId}: no sample could be written; first problem: ${skipped[0].error}`);
  const report: ExportReport = { skipped: skipped.slice(0, 100), skippedTotal: skipped.length, imagesCopied: written.imagesCopied, imagesEmbedded: written.imagesEmbedded };
  return { output: { path: written.path, records: written.records, report: report as unknown as Value } };
}

export const exportExecutor: AggregateExecutor<ExportConfig> = {
  run: (config, ctx) => exportRows(config, ctx.rows(), { doc: ctx.doc, baseDir: ctx.baseDir, nodeId: ctx.node.id }),
};
