/** The ApiClient over Electron IPC (window.cascade from the preload). */
import type { ApiClient, ApiEvents, EventName, Method, Params, Result } from "../../../shared/contract";
import { ApiError } from "./apiError";
import type { CascadeBridge } from "./bridge";

export function createIpcClient(bridge: CascadeBridge): ApiClient {
  return {
    async call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
      const reply = await bridge.call(method, params);
      if (!reply.ok) throw ApiError.from(reply.error, method);
      return reply.result as Result<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      return bridge.on(event, (payload) => listener(payload as ApiEvents[E]));
    },
  };
}
