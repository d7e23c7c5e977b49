/**
 * One provider's hold on one GGUF: a reference to the shared model (llamaCppRuntime.ts) and one llama.cpp
 * context with a few sequences, handed out one per chat and queued when all are busy. A sequence is
 * disposed after its chat, which clears its tokens, so every chat starts from an empty state.
 */
import type { LlamaContext, LlamaContextSequence, LlamaGrammar, LlamaModel } from "./nodeLlamaCpp";
import { abortError } from "./errors";
import { acquireModel, releaseModel, sharedLlama } from "./llamaCppRuntime";
import { ProviderError } from "./types";

/** Largest context per sequence; smaller when the model was trained on less or memory is short. */
export const LLAMA_CPP_MAX_CONTEXT = 4096;

export interface PoolOptions {
  threads: number;
  sequences: number;
}

interface Waiter {
  resolve: (seq: LlamaContextSequence) => void;
  reject: (err: unknown) => void;
  signal?: AbortSignal;
  onAbort: () => void;
}

export class LlamaCppPool {
  readonly model: Promise<LlamaModel>;
  private context?: Promise<LlamaContext>;
  private jsonGrammar?: Promise<LlamaGrammar>;
  private readonly waiters: Waiter[] = [];
  private closed = false;

  constructor(
    readonly realPath: string,
    private readonly o: PoolOptions,
  ) {
    this.model = acquireModel(realPath);
  }

  private getContext(): Promise<LlamaContext> {
    this.context ??= this.model
      .then((model) => model.createContext({ contextSize: { max: LLAMA_CPP_MAX_CONTEXT }, sequences: this.o.sequences, threads: this.o.threads }))
      .catch((err: unknown) => {
        this.context = undefined;
        if (err instanceof ProviderError) throw err;
        throw new ProviderError(`llama-cpp: could not create a context for ${this.realPath}: ${err instanceof Error ? err.message : String(err)}`);
      });
    return this.context;
  }

  /** A free sequence of this pool's context; waits (abortably) while all are in use. */
  async acquire(signal?: AbortSignal): Promise<LlamaContextSequence> {
    if (signal?.aborted) throw abortError(signal);
    const context = await this.getContext();
    if (this.closed) throw new ProviderError(`llama-cpp: the provider for ${this.realPath} was closed`);
    if (signal?.aborted) throw abortError(signal);
    if (context.sequencesLeft > 0 && this.waiters.length === 0) return context.getSequence();
    return new Promise<LlamaContextSequence>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(abortError(signal));
        },
      };
      signal?.addEventListener("abort", waiter.onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** Returns a sequence: its tokens are dropped and the next waiter, if any, gets a fresh one. */
  async release(seq: LlamaContextSequence): Promise<void> {
    if (!seq.disposed) seq.dispose();
    const context = await this.context;
    while (context && !context.disposed && context.sequencesLeft > 0 && this.waiters.length > 0) {
      const waiter = this.waiters.shift()!;
      waiter.signal?.removeEventListener("abort", waiter.onAbort);
      waiter.resolve(context.getSequence());
    }
  }

  /** The JSON grammar shipped with node-llama-cpp, for params.json. */
  grammarForJson(): Promise<LlamaGrammar> {
    this.jsonGrammar ??= sharedLlama().then((llama) => llama.getGrammarFor("json"));
    return this.jsonGrammar;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.waiters.splice(0)) {
      w.signal?.removeEventListener("abort", w.onAbort);
      w.reject(new ProviderError(`llama-cpp: the provider for ${this.realPath} was closed`));
    }
    const context = await this.context?.catch(() => undefined);
    if (context && !context.disposed) await context.dispose();
    await releaseModel(this.realPath);
  }
}
