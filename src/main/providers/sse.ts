/**
 * Reads a Server-Sent-Events body with eventsource-parser and hands each event's data, parsed as a JSON
 * object, to a handler. Bad JSON becomes a retryable "malformed reply"; an error thrown by the handler
 * stops the read. Used by the Anthropic and Gemini protocols (openai.ts keeps its own for [DONE]).
 * `body` sees every byte and event, so a reply that is not an event stream can say what it was.
 */
import { createParser } from "eventsource-parser";
import { malformed } from "./errors";
import { isObject, parseJson, type ReplyText } from "./protocol";
import type { AttemptHttp } from "./transport";

export async function readSseJson(
  http: AttemptHttp,
  response: Response,
  body: ReplyText,
  onData: (data: Record<string, unknown>, event: string | undefined) => void,
): Promise<void> {
  let failure: unknown;
  const parser = createParser({
    onEvent(ev) {
      if (failure !== undefined) return;
      body.sawEvent();
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
    body.sawBytes(chunk);
    parser.feed(chunk);
    if (failure !== undefined) throw failure;
  }
  parser.reset({ consume: true });
  if (failure !== undefined) throw failure;
}
