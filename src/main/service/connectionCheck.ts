/**
 * Asks a model server which models it has, with a hard time limit, and turns every failure into a sentence
 * a researcher can act on ("nothing is listening at ...", "no answer within 5 s", "HTTP 401 ...").
 */
import type { ModelConfig } from "../../shared/pipeline/schema";
import type { ListedModel, Provider } from "../providers/types";

export const CONNECTION_TIMEOUT_MS = 5000;

export type ProviderFactory = (config: ModelConfig, options: { env: Record<string, string | undefined>; apiKey?: string }) => Provider;

export type CheckOutcome = { ok: true; models: string[]; listed: ListedModel[]; latencyMs: number } | { ok: false; message: string; latencyMs: number };

function where(config: ModelConfig): string {
  return config.baseUrl ?? `the default ${config.provider} endpoint`;
}

function describeFailure(error: unknown, config: ModelConfig, timeoutMs: number | null): string {
  if (timeoutMs !== null) return `no answer from ${where(config)} within ${timeoutMs / 1000} s (is the server running?)`;
  const e = error as Error & { cause?: { code?: string }; code?: string; status?: number };
  const code = e.cause?.code ?? e.code ?? /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET)\b/.exec(e.message ?? "")?.[1];
  if (code === "ECONNREFUSED") return `nothing is listening at ${where(config)} (connection refused)`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `cannot resolve the host of ${where(config)}`;
  if (code === "ECONNRESET") return `${where(config)} closed the connection`;
  const message = e.message || String(error);
  return config.baseUrl && message.includes(config.baseUrl) ? message : `${where(config)}: ${message}`;
}

/** Removes a secret from a message, in case a server echoed it back. */
function scrub(message: string, secret?: string): string {
  return secret && secret.length >= 4 ? message.split(secret).join("***") : message;
}

export async function listServerModels(
  factory: ProviderFactory,
  config: ModelConfig,
  env: Record<string, string | undefined>,
  apiKey?: string,
  timeoutMs = CONNECTION_TIMEOUT_MS,
): Promise<CheckOutcome> {
  const started = Date.now();
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  let provider: Provider | undefined;
  try {
    provider = factory(config, { env, ...(apiKey ? { apiKey } : {}) });
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
        reject(new Error("timeout"));
      }, timeoutMs);
    });
    const listed: ListedModel[] = await Promise.race([provider.listModels(controller.signal), deadline]);
    return { ok: true, models: listed.map((m) => m.id), listed, latencyMs: Date.now() - started };
  } catch (error) {
    return { ok: false, message: scrub(describeFailure(error, config, timedOut ? timeoutMs : null), apiKey), latencyMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
    await provider?.close?.().catch(() => undefined);
  }
}
