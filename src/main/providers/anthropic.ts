/**
 * Anthropic Messages API. POST {baseUrl}/v1/messages with stream: true, headers x-api-key and
 * anthropic-version 2023-06-01. System messages go to the top-level `system` field; images are
 * {type: "image", source: {type: "base64", media_type, data}} blocks placed before the text. The SSE stream
 * carries message_start (input tokens), content_block_delta (text_delta pieces), message_delta (output
 * tokens, cumulative), message_stop, ping and error events. GET {baseUrl}/v1/models lists models.
 * Anthropic has no JSON mode and no seed: params.json and params.seed are not sent.
 */
import { AttemptError, endedEarly } from "./errors";
import { dataListModels, isObject, joinUrl, refuseHtml, ReplyText, type ChatResult, type EndpointInfo, type Protocol } from "./protocol";
import { readSseJson } from "./sse";
import { readStop } from "./stopReasons";
import type { ChatRequest, ListedModel, ProviderMessage } from "./types";

export const ANTHROPIC_VERSION = "2023-06-01";
/**
 * max_tokens is required by the API; used when a node sets none. 4096 is the output limit of the smallest
 * current Claude models (Claude 3 Haiku), so every model accepts it; chain-of-thought replies rarely need
 * more, and one that does comes back marked truncated (stop_reason max_tokens), never cached as an answer.
 */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

type AnthropicBlock = { type: "text"; text: string } | { type: "image"; source: { type: "base64"; media_type: string; data: string } };

export function anthropicMessage(m: ProviderMessage): { role: string; content: string | AnthropicBlock[] } {
  if (!m.images?.length) return { role: m.role, content: m.content };
  const blocks: AnthropicBlock[] = m.images.map((img) => ({ type: "image", source: { type: "base64", media_type: img.mime, data: img.data } }));
  if (m.content) blocks.push({ type: "text", text: m.content });
  return { role: m.role, content: blocks };
}

export function anthropicBody(req: ChatRequest): Record<string, unknown> {
  const p = req.params ?? {};
  const system = req.messages.filter((m) => m.role === "system").map((m) => m.content);
  const body: Record<string, unknown> = {
    model: req.model,
    max_tokens: p.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
    messages: req.messages.filter((m) => m.role !== "system").map(anthropicMessage),
    stream: true,
  };
  if (system.length) body.system = system.join("\n\n");
  if (p.temperature !== undefined) body.temperature = p.temperature; // the API accepts 0..1 and says so in a 400
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.stop?.length) body.stop_sequences = p.stop;
  return body;
}

function headers(endpoint: EndpointInfo): Record<string, string> {
  return { "anthropic-version": ANTHROPIC_VERSION, ...(endpoint.apiKey ? { "x-api-key": endpoint.apiKey } : {}) };
}

export const anthropicProtocol: Protocol = {
  kind: "anthropic",

  async chat(http, endpoint, req): Promise<ChatResult> {
    const response = await http.send(joinUrl(endpoint.baseUrl, "v1/messages"), {
      method: "POST",
      headers: { accept: "text/event-stream", ...headers(endpoint) },
      body: anthropicBody(req),
    });
    await refuseHtml(http, response);
    const text = new ReplyText(http, response, req.onToken);
    let model: string | undefined;
    let stopReason: string | undefined;
    let inputTokens: number | undefined;
    let outputTokens: number | undefined;
    let stopped = false;
    await readSseJson(http, response, text, (d) => {
      switch (d.type) {
        case "message_start": {
          const msg = isObject(d.message) ? d.message : {};
          if (typeof msg.model === "string") model = msg.model;
          const u = isObject(msg.usage) ? msg.usage : {};
          if (typeof u.input_tokens === "number") inputTokens = u.input_tokens;
          if (typeof u.output_tokens === "number") outputTokens = u.output_tokens;
          break;
        }
        case "content_block_delta": {
          const delta = isObject(d.delta) ? d.delta : {};
          if (delta.type === "text_delta" && typeof delta.text === "string" && delta.text) text.append(delta.text);
          break;
        }
        case "message_delta": {
          const delta = isObject(d.delta) ? d.delta : {};
          if (typeof delta.stop_reason === "string") stopReason = delta.stop_reason;
          const u = isObject(d.usage) ? d.usage : {};
          if (typeof u.output_tokens === "number") outputTokens = u.output_tokens;
          if (typeof u.input_tokens === "number") inputTokens = u.input_tokens;
          break;
        }
        case "message_stop":
          stopped = true;
          break;
        case "error": {
          const e = isObject(d.error) ? d.error : {};
          const status = e.type === "overloaded_error" ? 529 : e.type === "rate_limit_error" ? 429 : 500;
          throw new AttemptError(`server error in reply: ${String(e.message ?? e.type ?? "unknown")}`, "http", status);
        }
      }
    });
    if (!stopped) throw text.notAnswer() ?? endedEarly("message_stop", text.length);
    const usage = inputTokens !== undefined || outputTokens !== undefined ? { inputTokens: inputTokens ?? 0, outputTokens: outputTokens ?? 0 } : undefined;
    return { text: text.value, usage, model, ...readStop("anthropic", stopReason, "stop_reason") };
  },

  async listModels(http, endpoint): Promise<ListedModel[]> {
    const response = await http.send(joinUrl(endpoint.baseUrl, "v1/models?limit=1000"), { method: "GET", headers: headers(endpoint) });
    return dataListModels(await http.text(response), (m) => (typeof m.display_name === "string" ? m.display_name : undefined));
  },
};
