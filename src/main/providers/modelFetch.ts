/**
 * Fetching a small default instruct model for the embedded engine, through node-llama-cpp's own resolver
 * (`resolveModelFile` with an `hf:` URI): one download at a time, progress readable by polling (status()),
 * cancellable. Without internet the resolver would retry for minutes, so the model hub is first reached with
 * a short time limit; when it does not answer, the failure says so plainly and names the other ways to get a
 * model (a GGUF on disk, a local server).
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { loadNodeLlamaCpp, type ResolveModelFileOptions } from "./nodeLlamaCpp";
import { userDataDir } from "../store/paths";
import type { ModelFetchState } from "../../shared/contract";

/** Qwen2.5 0.5B Instruct, Q4_K_M (about 400 MB): small enough for CPU, follows instructions, has a chat template. */
export const DEFAULT_MODEL_URI = "hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf";
export const DEFAULT_MODEL_LABEL = "Qwen2.5 0.5B Instruct (Q4_K_M, ~400 MB)";
export const DEFAULT_HUB_URL = "https://huggingface.co/";
/** How long the hub may take to answer the reachability check. */
export const HUB_CHECK_TIMEOUT_MS = 5000;

export type ModelResolver = (uri: string, options: ResolveModelFileOptions) => Promise<string>;

/** The download's state, as the contract reports it to the UI. */
export type ModelFetchStatus = ModelFetchState;

/** Where fetched models go: $CASCADE_MODELS_DIR, else "models" in the app's data folder. */
export function defaultModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CASCADE_MODELS_DIR || join(userDataDir(env), "models");
}

export interface ModelFetcherOptions {
  /** Folder models are downloaded to (default defaultModelsDir()). */
  directory?: string;
  /** The hub's base URL (default https://huggingface.co/); tests point it at 127.0.0.1. */
  hubUrl?: string;
  /** Default node-llama-cpp's resolveModelFile (loaded on first use). */
  resolver?: ModelResolver;
  /** Checks the hub answers; resolves null when it does, else the reason. Default: an HTTP HEAD with a time limit. */
  reachHub?: (url: string) => Promise<string | null>;
  hubTimeoutMs?: number;
}

const OTHER_OPTIONS =
  "Other ways to get a model: pick a GGUF file on disk (any instruct model, e.g. a Q4 quant of Qwen2.5, Llama 3.2 or Gemma), " +
  "or start a local server (Ollama, llama.cpp server, vLLM, LM Studio) and use it from the Models panel.";

function networkCode(e: unknown): string | undefined {
  const err = e as { code?: string; cause?: { code?: string; cause?: { code?: string } }; message?: string };
  return (
    err?.cause?.code ??
    err?.cause?.cause?.code ??
    err?.code ??
    /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\b/.exec(String(err?.message ?? ""))?.[1]
  );
}

/** The sentence shown when the fetch fails. */
export function describeFetchFailure(e: unknown, uri: string, hubUrl: string): string {
  const code = networkCode(e);
  const host = /^[a-z]+:\/\/([^/]+)/i.exec(hubUrl)?.[1] ?? hubUrl;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN" || code === "ECONNREFUSED" || code === "EHOSTUNREACH" || code === "ENETUNREACH" || code === "ETIMEDOUT") {
    return `cannot download ${uri}: ${host} cannot be reached (${code}) — this machine seems to have no internet connection. ${OTHER_OPTIONS}`;
  }
  const message = e instanceof Error ? e.message : String(e);
  return `cannot download ${uri}: ${message}. ${OTHER_OPTIONS}`;
}

async function headReach(url: string, timeoutMs: number): Promise<string | null> {
  try {
    const res = await fetch(url, { method: "HEAD", redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel().catch(() => undefined);
    return null; // any answer means the hub is there
  } catch (e) {
    const err = e as Error;
    if (err.name === "TimeoutError") return `ETIMEDOUT: no answer within ${timeoutMs / 1000} s`;
    throw e;
  }
}

export class ModelFetcher {
  private current: ModelFetchStatus = { state: "idle", uri: DEFAULT_MODEL_URI, downloadedBytes: 0, totalBytes: 0 };
  private controller: AbortController | undefined;
  private running: Promise<ModelFetchStatus> | undefined;
  readonly directory: string;
  private readonly hubUrl: string;

  constructor(private readonly opts: ModelFetcherOptions = {}) {
    this.directory = opts.directory ?? defaultModelsDir();
    this.hubUrl = opts.hubUrl ?? DEFAULT_HUB_URL;
  }

  status(): ModelFetchStatus {
    return { ...this.current };
  }

  /** Starts fetching (or returns the running fetch's status); `done()` waits for the end. */
  start(uri = DEFAULT_MODEL_URI): ModelFetchStatus {
    if (this.current.state === "running") return this.status();
    this.controller = new AbortController();
    this.current = { state: "running", uri, downloadedBytes: 0, totalBytes: 0, startedAt: Date.now() };
    this.running = this.fetch(uri, this.controller.signal);
    return this.status();
  }

  /** Waits for the running fetch (the status at once when none runs). */
  async done(): Promise<ModelFetchStatus> {
    return this.running ? this.running : this.status();
  }

  cancel(): ModelFetchStatus {
    if (this.current.state === "running") {
      this.controller?.abort();
      this.current = { ...this.current, state: "cancelled", finishedAt: Date.now() };
    }
    return this.status();
  }

  private async fetch(uri: string, signal: AbortSignal): Promise<ModelFetchStatus> {
    const settle = (patch: Partial<ModelFetchStatus>) => {
      if (!signal.aborted) this.current = { ...this.current, ...patch, finishedAt: Date.now() };
      return this.status();
    };
    try {
      const reach = this.opts.reachHub ?? ((url: string) => headReach(url, this.opts.hubTimeoutMs ?? HUB_CHECK_TIMEOUT_MS));
      const unreachable = await reach(this.hubUrl);
      if (unreachable) throw Object.assign(new Error(unreachable), { code: /^[A-Z]+/.exec(unreachable)?.[0] });
      const resolver = this.opts.resolver ?? (await loadNodeLlamaCpp()).resolveModelFile;
      const path = await resolver(uri, {
        directory: this.directory,
        cli: false,
        signal,
        endpoints: { huggingFace: this.hubUrl },
        onProgress: ({ totalSize, downloadedSize }) => {
          if (!signal.aborted) this.current = { ...this.current, downloadedBytes: downloadedSize, totalBytes: totalSize };
        },
      });
      const size = await stat(path).then((s) => s.size, () => this.current.totalBytes);
      return settle({ state: "done", path, downloadedBytes: size, totalBytes: size });
    } catch (e) {
      if (signal.aborted) return this.status();
      return settle({ state: "failed", error: describeFetchFailure(e, uri, this.hubUrl) });
    }
  }
}

export interface GgufFile {
  path: string;
  sizeBytes: number;
}

/** The *.gguf files in a folder (none when it does not exist). */
export async function ggufFilesIn(directory: string): Promise<GgufFile[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return [];
  }
  const files = await Promise.all(
    names
      .filter((n) => n.toLowerCase().endsWith(".gguf"))
      .sort()
      .map(async (n) => {
        const path = join(directory, n);
        const s = await stat(path).catch(() => null);
        return s?.isFile() ? { path, sizeBytes: s.size } : null;
      }),
  );
  return files.filter((f): f is GgufFile => f !== null);
}
