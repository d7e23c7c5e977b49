/** models.*: the app's named models (settings "models"), their stored keys, and connection checks. */
import type { ModelEntry, Params, Result } from "../../shared/contract";
import type { ModelConfig } from "../../shared/pipeline/schema";
import { CONNECTION_TIMEOUT_MS, listServerModels, type ProviderFactory } from "./connectionCheck";
import { notFound, ServiceError } from "./errors";
import type { ModelKeys } from "./modelKeys";
import type { Store } from "../store/store";

type H<M extends "models.list" | "models.save" | "models.delete" | "models.test" | "models.available"> = (params: Params<M>) => Promise<Result<M>>;
export interface ModelHandlers {
  "models.list": H<"models.list">;
  "models.save": H<"models.save">;
  "models.delete": H<"models.delete">;
  "models.test": H<"models.test">;
  "models.available": H<"models.available">;
}

const SETTINGS_KEY = "models";

export function modelsService(
  store: Store,
  keys: ModelKeys,
  factory: () => Promise<ProviderFactory>,
  env: NodeJS.ProcessEnv,
  timeoutMs = CONNECTION_TIMEOUT_MS,
): ModelHandlers {
  const configs = async (): Promise<Record<string, ModelConfig>> => {
    const value = await store.settings.get(SETTINGS_KEY);
    return value && typeof value === "object" ? { ...(value as Record<string, ModelConfig>) } : {};
  };
  const entry = async (name: string, config: ModelConfig): Promise<ModelEntry> => ({ name, config, hasStoredKey: await keys.has(name) });

  return {
    "models.list": async () => {
      const all = await configs();
      return Promise.all(Object.keys(all).sort().map((name) => entry(name, all[name])));
    },
    "models.save": async ({ name, config, apiKey }) => {
      // Check the key first: a refused key must not leave a half-saved model behind.
      if (apiKey !== undefined) await keys.set(name, apiKey);
      await store.settings.set(SETTINGS_KEY, { ...(await configs()), [name]: config });
      return entry(name, config);
    },
    "models.delete": async ({ name }) => {
      const all = await configs();
      if (!(name in all)) throw notFound("model", name);
      delete all[name];
      await store.settings.set(SETTINGS_KEY, all);
      await keys.remove(name);
    },
    "models.test": async ({ config, name }) => {
      const outcome = await listServerModels(await factory(), config, env, await keys.reveal(name), timeoutMs);
      if (!outcome.ok) return { ok: false, message: outcome.message, latencyMs: outcome.latencyMs, models: [] };
      const n = outcome.models.length;
      const has = outcome.models.includes(config.model) || config.provider === "llama-cpp";
      const message = `connected in ${outcome.latencyMs} ms: ${n} model${n === 1 ? "" : "s"} available${has || n === 0 ? "" : `; "${config.model}" is not among them`}`;
      return { ok: true, message, latencyMs: outcome.latencyMs, models: outcome.models };
    },
    "models.available": async ({ config, name }) => {
      const outcome = await listServerModels(await factory(), config, env, await keys.reveal(name), timeoutMs);
      if (!outcome.ok) throw new ServiceError(outcome.message);
      return outcome.models;
    },
  };
}
