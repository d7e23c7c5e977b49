/**
 * Google Gemini API. POST {baseUrl}/v1beta/models/{model}:streamGenerateContent?alt=sse with the key in the
 * x-goog-api-key header. contents use roles user/model and parts [{text}, {inline_data: {mime_type, data}}];
 * system messages go to systemInstruction; params to generationConfig (responseMimeType application/json
 * when json). Each SSE event is a GenerateContentResponse: text in candidates[0].content.parts[].text
 * (parts marked `thought` are skipped), finishReason on the last, usageMetadata with the token counts.
 * There is no end sentinel. A prompt blocked by the API fails without retry. GET {baseUrl}/v1beta/models lists.
 */
import { AttemptError, endedEarly, malformed } from "./errors";
import { isObject, joinUrl, parseJson, refuseHtml, ReplyText, type ChatResult, type EndpointInfo, type Protocol } from "./protocol";
import { readSseJson } from "./sse";
import { readStop } from "./stopReasons";
import type { AttemptHttp } from "./transport";
import type { ChatRequest, ListedModel, ProviderMessage, Usage } from "./types";

type GeminiPart = { text: string } | { inline_data: { mime_type: string; data: string } };

/** "models/gemini-2.0-flash" and "gemini-2.0-flash" name the same model. */
export function geminiModelId(model: string): string {
  return model.replace(/^models\//, "");
}

export function geminiContent(m: ProviderMessage): { role: "user" | "model"; parts: GeminiPart[] } {
  const parts: GeminiPart[] = [];
  if (m.content || !m.images?.length) parts.push({ text: m.content });
  for (const img of m.images ?? []) parts.push({ inline_data: { mime_type: img.mime, data: img.data } });
  return { role: m.role === "assistant" ? "model" : "user", parts };
}

export function geminiBody(req: ChatRequest): Record<string, unknown> {
  const p = req.params ?? {};
  const system = req.messages.filter((m) => m.role === "system").map((m) => m.content);
  const body: Record<string, unknown> = { contents: req.messages.filter((m) => m.role !== "system").map(geminiContent) };
  if (system.length) body.systemInstruction = { parts: [{ text: system.join("\n\n") }] };
  const g: Record<string, unknown> = {};
  if (p.temperature !== undefined) g.temperature = p.temperature;
  if (p.maxTokens !== undefined) g.maxOutputTokens = p.maxTokens;
  if (p.topP !== undefined) g.topP = p.topP;
  if (p.seed !== undefined) g.seed = p.seed;
  if (p.stop?.length) g.stopSequences = p.stop;
  if (p.json) g.responseMimeType = "application/json";
  if (Object.keys(g).length) body.generationConfig = g;
  return body;
}

function headers(endpoint: EndpointInfo): Record<string, string> {
  return endpoint.apiKey ? { "x-goog-api-key": endpoint.apiKey } : {};
}

function readUsage(u: unknown): Usage | undefined {
  if (!isObject(u)) return undefined;
  return { inputTokens: Number(u.promptTokenCount ?? 0), outputTokens: Number(u.candidatesTokenCount ?? 0) + Number(u.thoughtsTokenCount ?? 0) };
}

async function readStream(http: AttemptHttp, response: Response, onToken?: (t: string) => void): Promise<ChatResult> {
  await refuseHtml(http, response);
  const text = new ReplyText(http, response, onToken);
  let usage: Usage | undefined;
  let model: string | undefined;
  let finishReason: string | undefined;
  await readSseJson(http, response, text, (d) => {
    if (isObject(d.error)) {
      const code = Number(d.error.code);
      throw new AttemptError(`server error in reply: ${String(d.error.message ?? d.error.status)}`, "http", code >= 400 ? code : 500);
    }
    const feedback = isObject(d.promptFeedback) ? d.promptFeedback : {};
    // The same prompt would be blocked again, so no retry.
    if (typeof feedback.blockReason === "string") throw new AttemptError(`the prompt was blocked by the API (promptFeedback.blockReason: ${feedback.blockReason})`, "refused");
    if (typeof d.modelVersion === "string") model = d.modelVersion;
    usage = readUsage(d.usageMetadata) ?? usage;
    const cand = Array.isArray(d.candidates) && isObject(d.candidates[0]) ? d.candidates[0] : undefined;
    if (!cand) return;
    const parts = isObject(cand.content) && Array.isArray(cand.content.parts) ? cand.content.parts : [];
    for (const part of parts) {
      if (isObject(part) && typeof part.text === "string" && part.text && part.thought !== true) text.append(part.text);
    }
    if (typeof cand.finishReason === "string") finishReason = cand.finishReason;
  });
  if (finishReason === undefined) throw text.notAnswer() ?? endedEarly("a finishReason", text.length);
  return { text: text.value, usage, model, ...readStop("gemini", finishReason, "finishReason") };
}

export const geminiProtocol: Protocol = {
  kind: "gemini",

  async chat(http, endpoint, req) {
    const path = `v1beta/models/${encodeURIComponent(geminiModelId(req.model))}:streamGenerateContent?alt=sse`;
    const response = await http.send(joinUrl(endpoint.baseUrl, path), {
      method: "POST",
      headers: { accept: "text/event-stream", ...headers(endpoint) },
      body: geminiBody(req),
    });
    return readStream(http, response, req.onToken);
  },

  async listModels(http, endpoint): Promise<ListedModel[]> {
    const out: ListedModel[] = [];
    let pageToken = "";
    for (let page = 0; page < 20; page++) {
      const query = `pageSize=1000${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ""}`;
      const response = await http.send(joinUrl(endpoint.baseUrl, `v1beta/models?${query}`), { method: "GET", headers: headers(endpoint) });
      const j = parseJson(await http.text(response), "the model list");
      if (!isObject(j) || !Array.isArray(j.models)) throw malformed("the model list has no models array");
      for (const m of j.models.filter(isObject)) {
        if (typeof m.name !== "string") continue;
        const methods = Array.isArray(m.supportedGenerationMethods) ? m.supportedGenerationMethods : ["generateContent"];
        if (!methods.includes("generateContent")) continue;
        out.push({ id: geminiModelId(m.name), ...(typeof m.displayName === "string" ? { description: m.displayName } : {}) });
      }
      pageToken = typeof j.nextPageToken === "string" ? j.nextPageToken : "";
      if (!pageToken) break;
    }
    return out;
  },
};
