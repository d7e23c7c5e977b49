/**
 * Where relative dataset paths of a pipeline are resolved. Templates keep their datasets next to them, so the
 * templates dir is the default; a pipeline imported from a known file resolves against that file's folder.
 * The user's document is never rewritten: the base dir travels next to it, to the engine.
 * A run never writes into the templates dir (part of the app's install, read-only when packaged): the outputs
 * of a run whose base dir is the templates dir go to <outputsDir>/<pipeline name>/ instead (`outputDirFor`).
 * Also tracks the dataset folders the UI may read images from (GET /files in browser mode).
 */
import { dirname, isAbsolute, join, resolve, sep } from "node:path";
import { datasetFilesOf } from "../../shared/nodes/datasetFiles";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import type { Store } from "../store/store";

const SETTINGS_KEY = "pipelineBaseDirs";

export class BaseDirs {
  private readonly datasetDirs = new Set<string>();

  constructor(
    private readonly store: Store,
    readonly templatesDir: string,
    /** The per-user folder that runs of template-based pipelines write into. */
    readonly outputsDir: string,
  ) {
    this.datasetDirs.add(resolve(templatesDir));
  }

  /**
   * The folder a run's relative output paths resolve against when it must not be its base dir: for a base dir
   * that is the templates dir, <outputsDir>/<the pipeline's name as a folder name>; otherwise undefined (outputs go
   * next to the pipeline's file, as with `cascade run`).
   */
  outputDirFor(baseDir: string, pipelineName: string): string | undefined {
    if (resolve(baseDir) !== resolve(this.templatesDir)) return undefined;
    return join(this.outputsDir, folderName(pipelineName));
  }

  private async all(): Promise<Record<string, string>> {
    const value = await this.store.settings.get(SETTINGS_KEY);
    return value && typeof value === "object" ? (value as Record<string, string>) : {};
  }

  async forPipeline(pipelineId?: string): Promise<string> {
    if (!pipelineId) return this.templatesDir;
    return (await this.all())[pipelineId] ?? this.templatesDir;
  }

  async remember(pipelineId: string, dir: string): Promise<void> {
    await this.store.settings.set(SETTINGS_KEY, { ...(await this.all()), [pipelineId]: resolve(dir) });
    this.datasetDirs.add(resolve(dir));
  }

  async forget(pipelineId: string): Promise<void> {
    const all = await this.all();
    if (!(pipelineId in all)) return;
    delete all[pipelineId];
    await this.store.settings.set(SETTINGS_KEY, all);
  }

  /** Records the folders of the doc's file datasets (resolved against baseDir) as readable for images. */
  noteDatasets(doc: PipelineDoc, baseDir: string): void {
    for (const f of datasetFilesOf(doc)) this.datasetDirs.add(dirname(resolve(baseDir, f.path)));
  }

  /** Records the folder of one dataset file (absolute) as readable for images. */
  noteDatasetFile(file: string): void {
    this.datasetDirs.add(dirname(resolve(file)));
  }

  /** True when the absolute path lies inside one of the known dataset folders. */
  isReadable(path: string): boolean {
    const target = resolve(path);
    for (const dir of this.datasetDirs) if (target.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return true;
    return false;
  }

  /** Readable absolute paths a UI path may mean: itself when absolute, else under each dataset folder. */
  candidates(path: string): string[] {
    const all = isAbsolute(path) ? [resolve(path)] : [...this.datasetDirs].map((dir) => resolve(dir, path));
    return all.filter((p) => this.isReadable(p));
  }
}

/** A pipeline name as one portable folder name: lower case, letters, digits and dashes, at most 60 characters. */
export function folderName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents split off by NFKD
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "pipeline";
}
