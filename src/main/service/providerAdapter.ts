/** The default ProviderFactory of the service: src/main/providers/registry.ts. */
import { createProvider } from "../providers/registry";
import type { ProviderFactory } from "./connectionCheck";

export const defaultProviderFactory: ProviderFactory = (config, { env, apiKey }) => createProvider(config, { env, ...(apiKey ? { apiKey } : {}) });
