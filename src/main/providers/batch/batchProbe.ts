/**
 * The pre-flight of a `batch: true` model: does its server have the kind's batch API? A GET of the
 * protocol's probe path that the server answers 404, 405 or 501 means it has none (an OpenAI-compatible
 * server such as vLLM or llama.cpp serves chat completions but no /batches); any other answer, a 401 without
 * a key included, means the route exists. A server that does not answer at all is the TCP check's to report.
 */
import type { ModelConfig } from "../../../shared/pipeline/schema";
import { endpointOf } from "../../../shared/providers";
import { joinUrl } from "../protocol";
import { batchApiFor } from ".";

const MISSING = new Set([404, 405, 501]);

/** Null when the server has the batch API (or cannot be asked); otherwise why not, for the advice. */
export async function missingBatchApi(config: ModelConfig, timeoutMs: number, fetchFn: typeof fetch = fetch): Promise<string | null> {
  const api = batchApiFor(config, undefined);
  const base = endpointOf(config);
  if (!api || !base) return `${config.provider} has no batch API`;
  const url = joinUrl(base, api.protocol.probePath);
  try {
    const response = await fetchFn(url, { method: "GET", headers: api.headers, signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return MISSING.has(response.status) ? `GET ${url.replace(/\?.*$/, "")} answered ${response.status}: the server has no batch API` : null;
  } catch {
    return null;
  }
}
