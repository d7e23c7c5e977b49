/**
 * The one concurrency limit of a run's model calls is the endpoint's AdaptiveLimiter. A provider from
 * createProvider runs each attempt inside it already (managed.ts); any other Provider (the embedded
 * llama-cpp one, a plug-in's, a test's) is wrapped here so that its calls run inside the limiter of its
 * endpoint (kind + endpoint) too, the reply committed before the slot is free, as managed.ts does.
 */
import { endpointKey, type EndpointLimiters } from "./limiter";
import { limitsItself } from "./registry";
import type { ChatReply, ChatRequest, Provider } from "./types";

export function withEndpointLimit(provider: Provider, limiters: EndpointLimiters, concurrency: number): Provider {
  if (limitsItself(provider)) return provider;
  const limiter = limiters.for(endpointKey(provider.kind, provider.endpoint), { maxConcurrency: concurrency }, { maxConcurrency: concurrency });
  const chat = (request: ChatRequest): Promise<ChatReply> =>
    limiter.run(async (ticket) => {
      let committed = false;
      const commit = request.commit && ((reply: Omit<ChatReply, "retries">) => ((committed = true), request.commit!(reply)));
      let reply: ChatReply;
      try {
        reply = await provider.chat({ ...request, commit });
      } catch (err) {
        ticket.report("failed");
        throw err;
      }
      ticket.report("ok");
      if (commit && !committed) await commit(reply);
      return reply;
    }, request.signal);
  return {
    kind: provider.kind,
    endpoint: provider.endpoint,
    chat,
    listModels: (signal) => provider.listModels(signal),
    ...(provider.close ? { close: () => provider.close!() } : {}),
  };
}
