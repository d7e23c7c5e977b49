/**
 * What the Electron preload exposes as `window.cascade` (contextBridge). `call` resolves to the same reply
 * envelope the WebSocket carries, so errors keep their problems across IPC.
 */
import type { ApiErrorShape, EventName } from "../../../shared/contract";

export type BridgeReply = { ok: true; result: unknown } | { ok: false; error: ApiErrorShape };

export interface CascadeBridge {
  call(method: string, params: unknown): Promise<BridgeReply>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    cascade?: CascadeBridge;
  }
}
