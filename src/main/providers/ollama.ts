/**
 * Ollama's native API. POST {baseUrl}/api/chat with stream: true answers NDJSON: one line per piece
 * ({message: {content}}), the last with done: true, prompt_eval_count and eval_count. Images travel as bare
 * base64 strings in messages[].images. GET {baseUrl}/api/tags lists the local models.
 */
import { AttemptError, endedEarly, malformed } from "./errors";
import { isObject, joinUrl, parseJson, refuseHtml, ReplyText, type ChatResult, type Protocol } from "./protocol";
import { readStop } from "./stopReasons";
import type { AttemptHttp } from "./transport";
import type { ChatRequest, ListedModel, ProviderMessage, Usage } from "./types";

export function ollamaMessage(m: ProviderMessage): { role: string; content: string; images?: string[] } {
  return m.images?.length ? { role: m.role, content: m.content, images: m.images.map((i) => i.data) } : { role: m.role, content: m.content };
}

/** The /api/chat body; numCtx goes to options.num_ctx, the config's keepAlive to keep_alive. */
export function ollamaBody(req: ChatRequest, keepAlive?: string | number): Record<string, unknown> {
  const p = req.params ?? {};
  const options: Record<string, unknown> = {};
  if (p.temperature !== undefined) options.temperature = p.temperature;
  if (p.maxTokens !== undefined) options.num_predict = p.maxTokens;
  if (p.topP !== undefined) options.top_p = p.topP;
  if (p.seed !== undefined) options.seed = p.seed;
  if (p.stop?.length) options.stop = p.stop;
  if (p.numCtx !== undefined) options.num_ctx = p.numCtx;
  const body: Record<string, unknown> = { model: req.model, messages: req.messages.map(ollamaMessage), stream: true };
  if (keepAlive !== undefined) body.keep_alive = keepAlive;
  if (Object.keys(options).length) body.options = options;
  if (p.json) body.format = "json";
  return body;
}

interface LineState {
  text: ReplyText;
  usage?: Usage;
  model?: string;
  done: boolean;
  doneReason?: string;
}

function handleLine(line: string, st: LineState): void {
  if (!line.trim()) return;
  let j: unknown;
  try {
    j = parseJson(line, "a stream line");
  } catch (e) {
    // A broken JSON line is a malformed reply; a body that is not JSON at all says what it was.
    throw (line.trimStart().startsWith("{") ? undefined : st.text.notAnswer()) ?? e;
  }
  if (!isObject(j)) throw malformed(`a stream line is not an object: ${line.slice(0, 80)}`);
  st.text.sawEvent();
  if (typeof j.error === "string") throw new AttemptError(`server error in reply: ${j.error}`, "http", 500);
  if (typeof j.model === "string") st.model = j.model;
  const piece = isObject(j.message) && typeof j.message.content === "string" ? j.message.content : "";
  if (piece) st.text.append(piece);
  if (j.done === true) {
    st.done = true;
    if (typeof j.done_reason === "string") st.doneReason = j.done_reason;
    st.usage = { inputTokens: Number(j.prompt_eval_count ?? 0), outputTokens: Number(j.eval_count ?? 0) };
  }
}

/** NDJSON: one object per line, the last with done: true (and done_reason "stop" or "length"). */
async function readNdjson(http: AttemptHttp, response: Response, onToken?: (t: string) => void): Promise<ChatResult> {
  const st: LineState = { text: new ReplyText(http, response, onToken), done: false };
  let buffer = "";
  for await (const chunk of http.chunks(response)) {
    st.text.sawBytes(chunk);
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf("\n")) >= 0) {
      handleLine(buffer.slice(0, nl), st);
      buffer = buffer.slice(nl + 1);
    }
    if (buffer.length > http.maxReplyChars) throw malformed(`a stream line is longer than ${http.maxReplyChars} characters`);
  }
  handleLine(buffer, st);
  if (!st.done) throw st.text.notAnswer() ?? endedEarly("done: true", st.text.length);
  return { text: st.text.value, usage: st.usage, model: st.model, ...readStop("ollama", st.doneReason, "done_reason") };
}
export const ollamaProtocol: Protocol = {
  kind: "ollama",

  async chat(http, endpoint, req) {
    const auth: Record<string, string> = endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {};
    const response = await http.send(joinUrl(endpoint.baseUrl, "api/chat"), { method: "POST", headers: auth, body: ollamaBody(req, endpoint.config?.keepAlive) });
    await refuseHtml(http, response);
    return readNdjson(http, response, req.onToken);
  },

  async listModels(http, endpoint): Promise<ListedModel[]> {
    const auth: Record<string, string> = endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {};
    const response = await http.send(joinUrl(endpoint.baseUrl, "api/tags"), { method: "GET", headers: auth });
    const j = parseJson(await http.text(response), "the model list");
    const models = isObject(j) && Array.isArray(j.models) ? j.models : undefined;
    if (!models) throw malformed("the model list has no models array");
    return models.filter(isObject).flatMap((m) => {
      const id = typeof m.name === "string" ? m.name : typeof m.model === "string" ? m.model : undefined;
      if (!id) return [];
      const d = isObject(m.details) ? m.details : {};
      const description = [d.parameter_size, d.quantization_level].filter((x) => typeof x === "string").join(" ");
      return [{ id, ...(description ? { description } : {}) }];
    });
  },
};
