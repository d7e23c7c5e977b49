/**
 * The process-wide side of the embedded llama.cpp: one Llama instance (CPU only, quiet logs) and each GGUF
 * file loaded once, shared by every provider that names it. Providers acquire a model and release it on
 * close; the last release disposes it.
 */
import { realpath, stat } from "node:fs/promises";
import { loadNodeLlamaCpp, type ChatWrapper, type Llama, type LlamaModel } from "./nodeLlamaCpp";
import { ProviderError } from "./types";

let llamaPromise: Promise<Llama> | undefined;

/** The one Llama instance of this process (prebuilt CPU binaries; no GPU probing, no builds). */
export function sharedLlama(): Promise<Llama> {
  llamaPromise ??= (async () => {
    const { getLlama, LlamaLogLevel } = await loadNodeLlamaCpp();
    return getLlama({ gpu: false, build: "never", logLevel: LlamaLogLevel.error, progressLogs: false, skipDownload: true });
  })().catch((err: unknown) => {
    llamaPromise = undefined;
    if (err instanceof ProviderError) throw err; // the package is not installed: its message says how to get it
    throw new ProviderError(`llama-cpp: could not start the embedded llama.cpp: ${err instanceof Error ? err.message : String(err)}`);
  });
  return llamaPromise;
}

interface ModelEntry {
  model: Promise<LlamaModel>;
  refs: number;
}

const models = new Map<string, ModelEntry>();
const loadCounts = new Map<string, number>();

/** Checks the GGUF exists and returns its real path (the key models are shared by). */
export async function resolveGgufFile(path: string, shownAs: string): Promise<string> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new ProviderError(`llama-cpp: model "${shownAs}" is not a file: ${path}`);
    return await realpath(path);
  } catch (err) {
    if (err instanceof ProviderError) throw err;
    const code = (err as { code?: string }).code;
    if (code === "ENOENT") throw new ProviderError(`llama-cpp: GGUF model file not found: ${path} (model "${shownAs}")`);
    throw new ProviderError(`llama-cpp: cannot read GGUF model file ${path}: ${(err as Error).message}`);
  }
}

async function loadModel(path: string): Promise<LlamaModel> {
  const llama = await sharedLlama();
  loadCounts.set(path, (loadCounts.get(path) ?? 0) + 1);
  try {
    return await llama.loadModel({ modelPath: path, gpuLayers: 0 });
  } catch (err) {
    throw new ProviderError(`llama-cpp: could not load GGUF model ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Takes a reference to the model at `realPath`, loading it if no provider holds it yet. */
export function acquireModel(realPath: string): Promise<LlamaModel> {
  let entry = models.get(realPath);
  if (!entry) {
    const created: ModelEntry = { model: loadModel(realPath), refs: 0 };
    created.model.catch(() => {
      // a failed load is not cached: the next request tries again (e.g. after the file is fixed)
      if (models.get(realPath) === created) models.delete(realPath);
    });
    models.set(realPath, created);
    entry = created;
  }
  entry.refs++;
  return entry.model;
}

/** Drops a reference taken by acquireModel; the last one disposes the model. */
export async function releaseModel(realPath: string): Promise<void> {
  const entry = models.get(realPath);
  if (!entry) return;
  entry.refs--;
  if (entry.refs > 0) return;
  models.delete(realPath);
  const model = await entry.model.catch(() => undefined);
  if (model && !model.disposed) await model.dispose();
}

/** How often a GGUF was loaded in this process, and how many references hold it now (for tests and status). */
export function llamaCppModelStats(realPath: string): { loads: number; refs: number } {
  return { loads: loadCounts.get(realPath) ?? 0, refs: models.get(realPath)?.refs ?? 0 };
}

const chatWrappers = new WeakMap<LlamaModel, ChatWrapper>();

/**
 * The chat wrapper for a model's GGUF chat template, resolved once per model: resolving renders the Jinja
 * template against every known wrapper and costs seconds, far more than a short generation.
 */
export async function chatWrapperFor(model: LlamaModel): Promise<ChatWrapper> {
  let wrapper = chatWrappers.get(model);
  if (!wrapper) {
    const { resolveChatWrapper } = await loadNodeLlamaCpp();
    wrapper = resolveChatWrapper(model);
    chatWrappers.set(model, wrapper);
  }
  return wrapper;
}
