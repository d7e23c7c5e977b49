/**
 * What a wire protocol (openai.ts, ollama.ts, ...) provides: one attempt of a chat call and of a model
 * listing, given the attempt's HTTP helpers. Retries, limits and keys are added around it by managed.ts.
 */
import type { ModelConfig, ProviderKind } from "../../shared/pipeline/schema";
import { AttemptError, malformed } from "./errors";
import type { StopInfo } from "./stopReasons";
import type { AttemptHttp } from "./transport";
import type { ChatRequest, ListedModel, Usage } from "./types";

export interface ChatResult extends StopInfo {
  text: string;
  usage?: Usage;
  model?: string;
}

export interface EndpointInfo {
  /** Base URL without trailing slash. */
  baseUrl: string;
  apiKey?: string;
  /** The model's config (provider settings such as tokenParam or keepAlive). */
  config?: ModelConfig;
}

export interface Protocol {
  readonly kind: ProviderKind;
  chat(http: AttemptHttp, endpoint: EndpointInfo, request: ChatRequest): Promise<ChatResult>;
  listModels(http: AttemptHttp, endpoint: EndpointInfo): Promise<ListedModel[]>;
}

/** Base URL without trailing slashes. */
export function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "");
}

export function joinUrl(baseUrl: string, path: string): string {
  return `${trimBase(baseUrl)}/${path.replace(/^\/+/, "")}`;
}

/** JSON.parse that turns a syntax error into a retryable "malformed reply". */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const head = text.length > 80 ? `${text.slice(0, 80)}…` : text;
    throw malformed(`${what} is not valid JSON: ${JSON.stringify(head)}`);
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The models of a list shaped `{ data: [{ id, … }] }` (OpenAI, Anthropic), each described by `describe`. */
export function dataListModels(body: string, describe: (model: Record<string, unknown>) => string | undefined): ListedModel[] {
  const j = parseJson(body, "the model list");
  const data = isObject(j) && Array.isArray(j.data) ? j.data : undefined;
  if (!data) throw malformed("the model list has no data array");
  return data
    .filter(isObject)
    .filter((m) => typeof m.id === "string")
    .map((m) => {
      const description = describe(m);
      return { id: m.id as string, ...(description !== undefined ? { description } : {}) };
    });
}

/** The first characters of a body shown in an error. */
const HEAD_CHARS = 160;

function quoteHead(head: string): string {
  return JSON.stringify(head.length > HEAD_CHARS ? `${head.slice(0, HEAD_CHARS)}…` : head);
}

/**
 * The text of one reply as it streams in: passes each piece to onToken, refuses to grow past the size limit
 * (a non-retryable "too-large" error: never stored), and remembers the first bytes of the body and whether
 * any event of the expected format came, so that a body that is not an answer (an HTML page, plain text)
 * is reported with its content type and first bytes.
 */
export class ReplyText {
  value = "";
  private head = "";
  private events = 0;

  constructor(
    private readonly http: AttemptHttp,
    private readonly response: Response,
    private readonly onToken?: (t: string) => void,
  ) {}

  get length(): number {
    return this.value.length;
  }

  append(piece: string): void {
    if (this.value.length + piece.length > this.http.maxReplyChars) {
      throw new AttemptError(
        `the reply is longer than the limit of ${this.http.maxReplyChars} characters (maxReplyChars); it was not stored`,
        "too-large",
      );
    }
    this.value += piece;
    this.onToken?.(piece);
  }

  sawBytes(chunk: string): void {
    if (this.head.length < HEAD_CHARS + 1) this.head += chunk.slice(0, HEAD_CHARS + 1 - this.head.length);
  }

  sawEvent(): void {
    this.events++;
  }

  /** When nothing of the expected format came back: an error that says what did. */
  notAnswer(): AttemptError | undefined {
    if (this.events > 0 || this.value || !this.head.trim()) return undefined; // an empty body: "ended early"
    return notAnAnswer(this.response, this.head);
  }
}

/** "the server answered HTTP 200 with content-type text/plain: "…"" — retryable unless it is an HTML page. */
export function notAnAnswer(response: Response, head: string): AttemptError {
  const type = response.headers.get("content-type") || "(no content-type)";
  const what = head.trim() ? `: ${quoteHead(head)}` : " and an empty body";
  const html = /text\/html/i.test(type) || /^\s*<(!doctype|html)/i.test(head);
  const hint = html ? " (a web page, not the API: is baseUrl right?)" : "";
  return new AttemptError(`not an answer: the server replied HTTP ${response.status} with content-type ${type}${what}${hint}`, html ? "final" : "incomplete");
}

/** An HTML page where an API reply was expected fails at once (retrying a web page does not help). */
export async function refuseHtml(http: AttemptHttp, response: Response): Promise<void> {
  const type = response.headers.get("content-type") ?? "";
  if (!/text\/html/i.test(type)) return;
  let head = "";
  for await (const piece of http.chunks(response)) {
    head += piece;
    if (head.length > HEAD_CHARS) break;
  }
  throw notAnAnswer(response, head);
}
