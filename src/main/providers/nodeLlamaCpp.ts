/**
 * node-llama-cpp is an optional dependency (its prebuilt binaries are most of node_modules, for one provider):
 * `npm uninstall --no-save node-llama-cpp` after `npm ci` leaves it out, as does a failed install of its
 * binaries. This file is the only place that loads it, and declares the part of
 * its API the embedded provider uses, so the rest of the code type-checks whether it is installed or not. The
 * real API is checked where it matters, at run time: tests/unit/providers/llamaCpp*.test.ts run a real GGUF.
 */
import { ProviderError } from "./types";

/** The version package.json names (the one these declarations were written against). */
export const NODE_LLAMA_CPP_VERSION = "3.21.1";

export type ChatHistoryItem =
  | { type: "system"; text: string }
  | { type: "user"; text: string }
  | { type: "model"; response: string[] };

/** Opaque handles: only passed back to node-llama-cpp. */
export type Tokenizer = object;
export type LlamaGrammar = object;

export interface ChatWrapper {
  generateContextState(options: { chatHistory: ChatHistoryItem[] }): { contextText: { tokenize(tokenizer: Tokenizer): readonly unknown[] } };
}

export interface LlamaContextSequence {
  readonly contextSize: number;
  readonly disposed: boolean;
  dispose(): void;
}

export interface LlamaContext {
  readonly sequencesLeft: number;
  readonly disposed: boolean;
  getSequence(): LlamaContextSequence;
  dispose(): Promise<void>;
}

export interface LlamaModel {
  readonly tokenizer: Tokenizer;
  readonly disposed: boolean;
  createContext(options: { contextSize: { max: number }; sequences: number; threads: number }): Promise<LlamaContext>;
  dispose(): Promise<void>;
}

export interface Llama {
  loadModel(options: { modelPath: string; gpuLayers: number }): Promise<LlamaModel>;
  getGrammarFor(type: "json"): Promise<LlamaGrammar>;
}

export interface LLamaChatPromptOptions {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  seed?: number;
  customStopTriggers?: string[];
  grammar?: LlamaGrammar;
  signal?: AbortSignal;
  stopOnAbortSignal?: boolean;
  onToken?: (tokens: readonly unknown[]) => void;
  onTextChunk?: (text: string) => void;
}

export interface LlamaChatSession {
  readonly chatWrapper: ChatWrapper;
  setChatHistory(history: ChatHistoryItem[]): void;
  promptWithMeta(prompt: string, options: LLamaChatPromptOptions): Promise<{ responseText: string; stopReason: string }>;
  dispose(options: { disposeSequence: boolean }): void;
}

export interface ResolveModelFileOptions {
  directory: string;
  cli: boolean;
  signal: AbortSignal;
  endpoints: { huggingFace: string };
  onProgress: (progress: { totalSize: number; downloadedSize: number }) => void;
}

/** The module's exports the provider uses. */
export interface NodeLlamaCpp {
  getLlama(options: { gpu: false; build: "never"; logLevel: unknown; progressLogs: boolean; skipDownload: boolean }): Promise<Llama>;
  LlamaLogLevel: { error: unknown };
  resolveChatWrapper(model: LlamaModel): ChatWrapper;
  LlamaChatSession: new (options: { contextSequence: LlamaContextSequence; chatWrapper: ChatWrapper; autoDisposeSequence: boolean }) => LlamaChatSession;
  resolveModelFile(uri: string, options: ResolveModelFileOptions): Promise<string>;
}

/** Says how to get the package when it is not installed. */
export const NOT_INSTALLED =
  "the embedded llama.cpp provider needs the optional package node-llama-cpp, which is not installed: " +
  `install it with \`npm install node-llama-cpp@${NODE_LLAMA_CPP_VERSION}\`, ` +
  "or use a local server (Ollama, llama.cpp server, LM Studio) instead";

// A specifier in a variable: TypeScript does not resolve it (so no type comes from the package), and the
// bundlers leave it as a run-time import.
const SPECIFIER = "node-llama-cpp";
let loaded: Promise<NodeLlamaCpp> | undefined;

/** node-llama-cpp, loaded on first use; a ProviderError saying how to install it when it is missing. */
export function loadNodeLlamaCpp(): Promise<NodeLlamaCpp> {
  loaded ??= (import(/* @vite-ignore */ SPECIFIER) as Promise<NodeLlamaCpp>).catch((err: unknown) => {
    loaded = undefined;
    if (isModuleMissing(err)) throw new ProviderError(`llama-cpp: ${NOT_INSTALLED}`, undefined, false, 0);
    throw err;
  });
  return loaded;
}

/** True when the package is installed (for tests that need it, and for model discovery). */
export async function nodeLlamaCppInstalled(): Promise<boolean> {
  try {
    await loadNodeLlamaCpp();
    return true;
  } catch {
    return false;
  }
}

function isModuleMissing(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && String((err as Error).message).includes(SPECIFIER);
}
