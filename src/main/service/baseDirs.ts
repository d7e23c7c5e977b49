/**
 * Where relative dataset paths of a pipeline are resolved. Templates keep their datasets next to them, so the
 * templates dir is the default; a pipeline imported from a known file resolves against that file's folder.
 * The user's document is never rewritten: the base dir travels next to it, to the engine.
 * Also tracks the dataset folders the UI may read images from (GET /files in browser mode).
 */
import { dirname, isAbsolute, resolve, sep } from "node:path";
import type { PipelineDoc } from "../../shared/pipeline/schema";
import type { Store } from "../store/store";

const SETTINGS_KEY = "pipelineBaseDirs";

export class BaseDirs {
  private readonly datasetDirs = new Set<string>();

  constructor(
    private readonly store: Store,
    readonly templatesDir: string,
  ) {
    this.datasetDirs.add(resolve(templatesDir));
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
    for (const node of doc.nodes) {
      const source = (node.config as { source?: { type?: string; path?: unknown } }).source;
      if (node.kind !== "dataset" || source?.type !== "file" || typeof source.path !== "string") continue;
      const file = isAbsolute(source.path) ? source.path : resolve(baseDir, source.path);
      this.datasetDirs.add(dirname(file));
    }
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
