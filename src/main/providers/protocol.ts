/**
 * What a wire protocol (openai.ts, ollama.ts, ...) provides: one attempt of a chat call and of a model
 * listing, given the attempt's HTTP helpers. Retries, limits and keys are added around it by managed.ts.
 */
import type { ProviderKind } from "../../shared/pipeline/schema";
import { malformed } from "./errors";
import type { AttemptHttp } from "./transport";
import type { ChatRequest, ListedModel, Usage } from "./types";

export interface ChatResult {
  text: string;
  usage?: Usage;
  model?: string;
}

export interface EndpointInfo {
  /** Base URL without trailing slash. */
  baseUrl: string;
  apiKey?: string;
}

export interface Protocol {
  readonly kind: ProviderKind;
  readonly defaultBaseUrl: string;
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
