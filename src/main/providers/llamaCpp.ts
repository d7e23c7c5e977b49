/**
 * The embedded llama.cpp provider (node-llama-cpp, CPU): runs a local GGUF in this process, no server.
 * config.model is the path of the GGUF, relative paths resolved against opts.baseDir (the pipeline's folder).
 * The chat template comes from the GGUF (node-llama-cpp picks the matching chat wrapper); every chat starts
 * from a clean sequence with the given system/user/assistant turns. Text only: images are refused.
 */
import { availableParallelism } from "node:os";
import { readdir, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import { loadNodeLlamaCpp, type ChatHistoryItem, type LLamaChatPromptOptions, type LlamaChatSession, type Tokenizer } from "./nodeLlamaCpp";
import type { ModelConfig } from "../../shared/pipeline/schema";
import { abortError } from "./errors";
import { toLlamaCppTurns } from "./llamaCppHistory";
import { LlamaCppPool } from "./llamaCppPool";
import { chatWrapperFor, resolveGgufFile } from "./llamaCppRuntime";
import { ProviderError, type ChatReply, type ChatRequest, type ListedModel, type Provider } from "./types";

export interface LlamaCppProviderOptions {
  /** Folder that relative model paths are resolved against (default: the working directory). */
  baseDir?: string;
}

/** Used when a node sets no maxTokens, so a model that never stops cannot fill the whole context. */
export const LLAMA_CPP_DEFAULT_MAX_TOKENS = 1024;
/** Parallel sequences per context; more requests wait for a free one. */
const MAX_SEQUENCES = 4;

export function defaultLlamaCppThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

class LlamaCppProvider implements Provider {
  readonly kind = "llama-cpp" as const;
  readonly endpoint: string;
  private readonly baseDir: string;
  private readonly pools = new Map<string, LlamaCppPool>();
  private closed = false;

  constructor(
    private readonly config: ModelConfig,
    opts: LlamaCppProviderOptions,
  ) {
    this.baseDir = resolve(opts.baseDir ?? process.cwd());
    this.endpoint = `file://${this.pathOf(config.model)}`;
  }

  private pathOf(model: string): string {
    return isAbsolute(model) ? model : resolve(this.baseDir, model);
  }

  private async poolFor(model: string): Promise<LlamaCppPool> {
    const realPath = await resolveGgufFile(this.pathOf(model), model);
    if (this.closed) throw new ProviderError(`llama-cpp: the provider for ${realPath} was closed`);
    let pool = this.pools.get(realPath);
    if (!pool) {
      pool = new LlamaCppPool(realPath, {
        threads: this.config.threads ?? defaultLlamaCppThreads(),
        sequences: Math.min(this.config.concurrency ?? 1, MAX_SEQUENCES),
      });
      this.pools.set(realPath, pool);
    }
    return pool;
  }

  async chat(request: ChatRequest): Promise<ChatReply> {
    const modelName = request.model || this.config.model;
    const { history, prompt } = toLlamaCppTurns(request.messages);
    const { signal } = request;
    if (signal?.aborted) throw abortError(signal);
    const pool = await this.poolFor(modelName);
    const model = await pool.model;
    const chatWrapper = await chatWrapperFor(model);
    const { LlamaChatSession } = await loadNodeLlamaCpp();
    const sequence = await pool.acquire(signal);
    try {
      const session = new LlamaChatSession({ contextSequence: sequence, chatWrapper, autoDisposeSequence: false });
      try {
        session.setChatHistory(history);
        const inputTokens = countPromptTokens(session, history, prompt, model.tokenizer);
        if (inputTokens >= sequence.contextSize) {
          throw new ProviderError(`llama-cpp: the prompt has ${inputTokens} tokens but the context of ${modelName} holds ${sequence.contextSize}`);
        }
        let outputTokens = 0;
        const p = { ...this.config.params, ...request.params };
        const options: LLamaChatPromptOptions = {
          maxTokens: Math.min(p.maxTokens ?? LLAMA_CPP_DEFAULT_MAX_TOKENS, sequence.contextSize - inputTokens),
          temperature: p.temperature,
          topP: p.topP,
          seed: p.seed,
          customStopTriggers: p.stop?.length ? p.stop : undefined,
          grammar: p.json ? await pool.grammarForJson() : undefined,
          signal,
          stopOnAbortSignal: true,
          onToken: (tokens) => {
            outputTokens += tokens.length;
          },
          onTextChunk: request.onToken,
        };
        const { responseText, stopReason } = await session.promptWithMeta(prompt, options);
        if (signal?.aborted) throw abortError(signal);
        const reply: ChatReply = { text: responseText, usage: { inputTokens, outputTokens }, retries: 0, model: basename(pool.realPath), stopReason };
        // Cut off by maxTokens (or by the context's end): not a finished answer, never cached.
        if (stopReason === "maxTokens") reply.truncated = true;
        return reply;
      } finally {
        session.dispose({ disposeSequence: false });
      }
    } catch (err) {
      if (signal?.aborted) throw abortError(signal);
      if (err instanceof ProviderError) throw err;
      throw new ProviderError(`llama-cpp ${modelName}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      await pool.release(sequence);
    }
  }

  /** The *.gguf files next to the configured model, named the way config.model names them. */
  async listModels(): Promise<ListedModel[]> {
    const folder = dirname(this.pathOf(this.config.model));
    let names: string[];
    try {
      names = (await readdir(folder)).filter((n) => n.toLowerCase().endsWith(".gguf")).sort();
    } catch (err) {
      throw new ProviderError(`llama-cpp: cannot list GGUF models in ${folder}: ${(err as Error).message}`);
    }
    const shownFolder = dirname(this.config.model);
    return Promise.all(
      names.map(async (name) => {
        const size = (await stat(join(folder, name))).size;
        const id = isAbsolute(this.config.model) || shownFolder !== "." ? join(shownFolder, name) : name;
        return { id, description: `GGUF, ${(size / 1_048_576).toFixed(1)} MB` };
      }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.close()));
  }
}

/** Prompt tokens as the model sees them: the whole chat rendered by the GGUF's chat template, then tokenized. */
function countPromptTokens(
  session: LlamaChatSession,
  history: ChatHistoryItem[],
  prompt: string,
  tokenizer: Tokenizer,
): number {
  const chatHistory: ChatHistoryItem[] = [...history, { type: "user", text: prompt }, { type: "model", response: [] }];
  return session.chatWrapper.generateContextState({ chatHistory }).contextText.tokenize(tokenizer).length;
}

export function createLlamaCppProvider(config: ModelConfig, opts: LlamaCppProviderOptions = {}): Provider {
  if (config.provider !== "llama-cpp") throw new ProviderError(`createLlamaCppProvider: expected provider "llama-cpp", got "${config.provider}"`);
  return new LlamaCppProvider(config, opts);
}
