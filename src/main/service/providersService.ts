/**
 * providers.*: what is available on this machine without configuration — local model servers found on their
 * default ports, GGUF files for the embedded engine — and fetching a small default model with progress (one
 * download at a time, polled with providers.fetchStatus).
 */
import type { Params, Result } from "../../shared/contract";
import { discoverServers, type DiscoverOptions } from "../providers/discovery";
import { DEFAULT_MODEL_LABEL, DEFAULT_MODEL_URI, defaultModelsDir, ggufFilesIn, ModelFetcher, type ModelFetcherOptions } from "../providers/modelFetch";

type M = "providers.discover" | "providers.fetchModel" | "providers.fetchStatus" | "providers.cancelFetch";
export type ProviderHandlers = { [K in M]: (params: Params<K>) => Promise<Result<K>> };

export interface ProvidersServiceOptions {
  /** Folder of fetched GGUF files (default: "models" in the app's data folder). */
  modelsDir?: string;
  discover?: DiscoverOptions;
  /** Options of the model fetcher (tests: an offline hub URL or an injected resolver). */
  fetcher?: Omit<ModelFetcherOptions, "directory">;
}

export function providersService(opts: ProvidersServiceOptions = {}): ProviderHandlers {
  const modelsDir = opts.modelsDir ?? defaultModelsDir();
  const fetcher = new ModelFetcher({ ...opts.fetcher, directory: modelsDir });
  return {
    "providers.discover": async () => ({
      servers: await discoverServers(opts.discover),
      embedded: { modelsDir, ggufFiles: await ggufFilesIn(modelsDir), defaultModelUri: DEFAULT_MODEL_URI, defaultModelLabel: DEFAULT_MODEL_LABEL },
    }),
    "providers.fetchModel": async (params) => fetcher.start(params?.uri ?? DEFAULT_MODEL_URI),
    "providers.fetchStatus": async () => fetcher.status(),
    "providers.cancelFetch": async () => fetcher.cancel(),
  };
}
