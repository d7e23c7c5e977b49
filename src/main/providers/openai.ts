/**
 * OpenAI-compatible chat completions (OpenAI, vLLM, llama.cpp server, LM Studio, OpenRouter).
 * POST {baseUrl}/chat/completions with stream: true and stream_options.include_usage; the SSE stream is
 * parsed with eventsource-parser. A server that ignores `stream` and answers with one JSON body is accepted.
 * GET {baseUrl}/models lists models.
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { AttemptError, endedEarly, malformed } from "./errors";
import { dataListModels, isObject, joinUrl, parseJson, refuseHtml, ReplyText, type ChatResult, type EndpointInfo, type Protocol } from "./protocol";
import { openAiTokenParam, type TokenParam } from "../../shared/pipeline/providerRules";
import { readStop } from "./stopReasons";
import type { AttemptHttp } from "./transport";
import type { ChatRequest, ListedModel, ProviderMessage, Usage } from "./types";

type OpenAIContent = string | ({ type: "text"; text: string } | { type: "image_url"; image_url: { url: string } })[];

export function openaiMessage(m: ProviderMessage): { role: string; content: OpenAIContent } {
  if (!m.images?.length) return { role: m.role, content: m.content };
  return {
    role: m.role,
    content: [
      { type: "text", text: m.content },
      ...m.images.map((img) => ({ type: "image_url" as const, image_url: { url: `data:${img.mime};base64,${img.data}` } })),
    ],
  };
}

/**
 * The request body for a streamed chat completion. maxTokens goes as `tokenParam`: max_completion_tokens for
 * OpenAI's own API and reasoning models, max_tokens for compatible local servers (shared/pipeline/providerRules.ts).
 */
export function openaiBody(req: ChatRequest, tokenParam: TokenParam = "max_tokens"): Record<string, unknown> {
  const p = req.params ?? {};
  const body: Record<string, unknown> = {
    model: req.model,
    messages: req.messages.map(openaiMessage),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (p.temperature !== undefined) body.temperature = p.temperature;
  if (p.maxTokens !== undefined) body[tokenParam] = p.maxTokens;
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.seed !== undefined) body.seed = p.seed;
  if (p.stop?.length) body.stop = p.stop;
  if (p.json) body.response_format = { type: "json_object" };
  return body;
}

function headers(endpoint: EndpointInfo): Record<string, string> {
  return endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {};
}

function readUsage(u: unknown): Usage | undefined {
  if (!isObject(u)) return undefined;
  const input = Number(u.prompt_tokens ?? 0);
  const output = Number(u.completion_tokens ?? 0);
  return Number.isFinite(input) && Number.isFinite(output) ? { inputTokens: input, outputTokens: output } : undefined;
}

/** An error object sent inside a 200 reply (vLLM and OpenRouter do this mid-stream). */
function inlineError(j: Record<string, unknown>): AttemptError | undefined {
  if (!j.error) return undefined;
  const e = j.error;
  const message = typeof e === "string" ? e : isObject(e) && typeof e.message === "string" ? e.message : JSON.stringify(e);
  const code = isObject(e) ? Number(e.code) : NaN;
  return new AttemptError(`server error in reply: ${message}`, "http", Number.isInteger(code) && code >= 400 ? code : 500);
}

/**
 * The SSE stream: text from choices[0].delta.content, why it stopped from choices[0].finish_reason, usage
 * from the last chunk, then "data: [DONE]". A stream that ends before either end marker ended early.
 */
async function readStream(http: AttemptHttp, response: Response, onToken?: (t: string) => void): Promise<ChatResult> {
  const text = new ReplyText(http, response, onToken);
  let usage: Usage | undefined;
  let model: string | undefined;
  let finishReason: string | undefined;
  let sawDone = false;
  let failure: Error | undefined;
  const parser = createParser({
    onEvent(ev: EventSourceMessage) {
      text.sawEvent();
      if (failure || sawDone) return;
      if (ev.data === "[DONE]") {
        sawDone = true;
        return;
      }
      const j = parseJsonSafe(ev.data);
      if (j instanceof Error) return void (failure = j);
      const err = inlineError(j);
      if (err) return void (failure = err);
      if (typeof j.model === "string") model = j.model;
      usage = readUsage(j.usage) ?? usage;
      const choices = Array.isArray(j.choices) ? j.choices : [];
      const choice = isObject(choices[0]) ? choices[0] : undefined;
      if (typeof choice?.finish_reason === "string") finishReason = choice.finish_reason;
      const delta = isObject(choice?.delta) ? choice.delta : undefined;
      const piece = typeof delta?.content === "string" ? delta.content : "";
      try {
        if (piece) text.append(piece);
      } catch (e) {
        failure = e as Error;
      }
    },
  });
  for await (const chunk of http.chunks(response)) {
    text.sawBytes(chunk);
    parser.feed(chunk);
    if (failure) throw failure;
  }
  parser.reset({ consume: true });
  if (failure) throw failure;
  if (finishReason === undefined && !sawDone) throw text.notAnswer() ?? endedEarly("finish_reason or [DONE]", text.length);
  return { text: text.value, usage, model, ...readStop("openai", finishReason, "finish_reason") };
}

function parseJsonSafe(data: string): Record<string, unknown> | Error {
  try {
    const j = parseJson(data, "a stream chunk");
    return isObject(j) ? j : malformed(`a stream chunk is not an object: ${data.slice(0, 80)}`);
  } catch (e) {
    return e as Error;
  }
}

/** A reply sent as one JSON body although a stream was asked for. */
async function readWhole(http: AttemptHttp, response: Response, onToken?: (t: string) => void): Promise<ChatResult> {
  const j = parseJson(await http.text(response), "the reply body");
  if (!isObject(j)) throw malformed("the reply body is not an object");
  const err = inlineError(j);
  if (err) throw err;
  const choice = Array.isArray(j.choices) && isObject(j.choices[0]) ? j.choices[0] : undefined;
  const content = isObject(choice?.message) ? choice.message.content : undefined;
  if (typeof content !== "string") throw malformed("the reply has no choices[0].message.content");
  const finishReason = typeof choice?.finish_reason === "string" ? choice.finish_reason : undefined;
  const stop = readStop("openai", finishReason, "finish_reason");
  const text = new ReplyText(http, response, onToken);
  if (content) text.append(content);
  return { text: text.value, usage: readUsage(j.usage), model: typeof j.model === "string" ? j.model : undefined, ...stop };
}

export const openaiProtocol: Protocol = {
  kind: "openai",

  async chat(http, endpoint, req) {
    const response = await http.send(joinUrl(endpoint.baseUrl, "chat/completions"), {
      method: "POST",
      headers: { accept: "text/event-stream", ...headers(endpoint) },
      body: openaiBody(req, endpoint.config ? openAiTokenParam(endpoint.config) : "max_tokens"),
    });
    await refuseHtml(http, response);
    const type = response.headers.get("content-type") ?? "";
    return type.includes("application/json") ? readWhole(http, response, req.onToken) : readStream(http, response, req.onToken);
  },

  async listModels(http, endpoint): Promise<ListedModel[]> {
    const response = await http.send(joinUrl(endpoint.baseUrl, "models"), { method: "GET", headers: headers(endpoint) });
    return dataListModels(await http.text(response), (m) => (typeof m.owned_by === "string" ? `owned by ${m.owned_by}` : undefined));
  },
};
