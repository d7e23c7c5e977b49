import { describe, expect, it } from "vitest";
import { EndpointLimiters } from "../../../src/main/providers/limiter";
import { withEndpointLimit } from "../../../src/main/providers/limitedProvider";
import { createProvider, decorateChat, limiterOf } from "../../../src/main/providers/registry";
import type { Provider } from "../../../src/main/providers/types";

describe("decorateChat", () => {
  it("passes calls through `around` and keeps the wrapped provider's endpoint limiter (no second limit)", async () => {
    const limiters = new EndpointLimiters();
    const managed = createProvider({ provider: "openai", model: "m", baseUrl: "http://127.0.0.1:9/v1" }, { limiters, defaultConcurrency: 4 });
    const seen: string[] = [];
    const decorated = decorateChat(managed, async (request, chat) => {
      seen.push(request.model);
      return chat(request);
    });
    expect(decorated).not.toBe(managed);
    expect(limiterOf(decorated)).toBe(limiterOf(managed));
    expect(limiterOf(decorated)).toBeDefined();
    expect(withEndpointLimit(decorated, limiters, 4)).toBe(decorated);
    expect([decorated.kind, decorated.endpoint]).toEqual([managed.kind, managed.endpoint]);

    // A provider without a limiter of its own stays without one, so the engine still limits it.
    const plain: Provider = { kind: "openai", endpoint: "instant://x", chat: async () => ({ text: "ok", retries: 0 }), listModels: async () => [] };
    const wrapped = decorateChat(plain, (request, chat) => chat(request));
    expect(limiterOf(wrapped)).toBeUndefined();
    expect(withEndpointLimit(wrapped, limiters, 2)).not.toBe(wrapped);
    expect((await wrapped.chat({ model: "x", messages: [{ role: "user", content: "hi" }], params: {} })).text).toBe("ok");
    const again = decorateChat(plain, async (request, chat) => (seen.push(`plain ${request.model}`), chat(request)));
    await again.chat({ model: "y", messages: [{ role: "user", content: "hi" }], params: {} });
    expect(seen).toEqual(["plain y"]);
  });
});
