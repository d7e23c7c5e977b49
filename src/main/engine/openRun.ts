/**
 * What a run and its preview both set up from a plan (one place, so a preview sees what the run will): the
 * providers of the models the plan calls (behind the endpoint limiters: one per server, the models' only
 * concurrency limit), the dataset source, the image loader (the dataset's folder, then the base dir), and the
 * rows — the dataset's, or the one empty item of a pipeline without a dataset.
 */
import type { ModelConfig } from "../../shared/pipeline/schema";
import { EndpointLimiters } from "../providers/limiter";
import { withEndpointLimit } from "../providers/limitedProvider";
import { createProvider } from "../providers/registry";
import type { Provider } from "../providers/types";
import { batchedProvider, type BatchRunOptions } from "./batch/batchedProvider";
import { ImageLoader } from "./images";
import type { SourceHandle, SourceRow } from "./nodes/types";
import { sourceExecutorOf, type Plan } from "./plan";
import type { RunOptions } from "./types";

/** Calls per model at once when neither the model, the run nor the pipeline's settings say. */
export const DEFAULT_CONCURRENCY = 8;

export interface OpenRunOptions extends Pick<RunOptions, "baseDir" | "env" | "resolveApiKey" | "providerFactory" | "limiters" | "onSourceProgress"> {
  /** The run's default per-model concurrency (a model's own `concurrency` wins); providers size their pools by it. */
  concurrency: number;
  signal: AbortSignal;
  /** A run (not a preview): `batch: true` models send their calls through their provider's batch API. */
  batch?: Omit<BatchRunOptions, "signal" | "env">;
}

export interface OpenedRun {
  /** By model name, for every model the plan calls. */
  providers: Map<string, Provider>;
  source: SourceHandle | null;
  images: ImageLoader;
  rows(): AsyncIterable<SourceRow>;
  /** Closes the providers (an embedded model frees its memory). */
  close(): Promise<void>;
}

async function* singleItem(): AsyncGenerator<SourceRow> {
  yield { itemId: "1", seq: 0, values: {} };
}

async function closeAll(providers: Iterable<Provider>): Promise<void> {
  await Promise.allSettled([...providers].map((p) => p.close?.()));
}

/** Throws (naming the model) when a provider cannot be made; the ones already made are closed. */
export function openRun(plan: Plan, opts: OpenRunOptions): OpenedRun {
  // The run's (or the service's) limiters, else this run's own.
  const limiters = opts.limiters ?? new EndpointLimiters();
  const factory =
    opts.providerFactory ??
    ((name: string, config: ModelConfig) =>
      createProvider(config, { env: opts.env, apiKey: opts.resolveApiKey?.(name, config), defaultConcurrency: config.concurrency ?? opts.concurrency, limiters }));
  const providers = new Map<string, Provider>();
  for (const name of plan.models) {
    const config = plan.doc.models[name];
    try {
      const provider = withEndpointLimit(factory(name, config, { limiters }), limiters, config.concurrency ?? opts.concurrency);
      const batch = config.batch && opts.batch ? { ...opts.batch, signal: opts.signal, env: opts.env } : undefined;
      providers.set(name, batch ? batchedProvider(name, config, provider, opts.resolveApiKey?.(name, config), batch) : provider);
    } catch (e) {
      void closeAll(providers.values());
      throw new Error(`model "${name}": ${(e as Error).message}`);
    }
  }
  let source: SourceHandle | null = null;
  try {
    if (plan.source) source = sourceExecutorOf(plan.source).open(plan.source.config, { baseDir: opts.baseDir, node: plan.source.node, signal: opts.signal, env: opts.env, progress: opts.onSourceProgress });
  } catch (e) {
    void closeAll(providers.values());
    throw e;
  }
  const images = new ImageLoader({ dirs: [...new Set([source?.dataDir ?? opts.baseDir, opts.baseDir])], signal: opts.signal });
  return {
    providers,
    source,
    images,
    rows: () => (source ? source.rows() : singleItem()),
    close: () => closeAll(providers.values()),
  };
}
