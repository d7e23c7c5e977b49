/** Where relative image paths of a run resolve: the folders of its dataset files first, then the pipeline's base dir. */
import { dirname, resolve } from "node:path";
import { datasetFilesOf } from "../../shared/nodes/datasetFiles";
import type { PipelineDoc } from "../../shared/pipeline/schema";

export function imageDirs(doc: PipelineDoc, baseDir: string): string[] {
  const dirs = datasetFilesOf(doc).map((f) => dirname(resolve(baseDir, f.path)));
  return [...new Set([...dirs, baseDir])];
}
