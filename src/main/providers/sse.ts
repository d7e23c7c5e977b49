/**
 * Reads a Server-Sent-Events body with eventsource-parser and hands each event's data, parsed as a JSON
 * object, to a handler. Bad JSON becomes a retryable "malformed reply"; an error thrown by the handler
 * stops the read. Used by the Anthropic and Gemini protocols (openai.ts keeps its own for [DONE]).
 */
import { createParser } from "eventsource-parser";
import { malformed } from "./errors";
import { isObject, parseJson } from "./protocol";
import type { AttemptHttp } from "./transport";

export async function readSseJson(
  http: AttemptHttp,
  response: Response,
  onData: (data: Record<string, unknown>, event: string | undefined) => void,
): Promise<void> {
  let failure: unknown;
  const parser = createParser({
    onEvent(ev) {
      if (failure !== undefined) return;
      try {
        const j = parseJson(ev.data, "a stream event");
        if (!isObject(j)) throw malformed(`a stream event is not an object: ${ev.data.slice(0, 80)}`);
        onData(j, ev.event);
      } catch (e) {
        failure = e;
      }
    },
  });
  for await (const chunk of http.chunks(response)) {
    parser.feed(chunk);
    if (failure !== undefined) throw failure;
  }
  parser.reset({ consume: true });
  if (failure !== undefined) throw failure;
}
