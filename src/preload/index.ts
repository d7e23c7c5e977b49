/**
 * The preload (sandboxed): exposes `window.cascade = { call, on }` and nothing else. `call` resolves to the
 * reply envelope of src/main/electron/ipcHandler.ts; the renderer's ipcClient unwraps it.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from "electron";
import { CALL_CHANNEL, EVENT_CHANNEL } from "../main/electron/channels";

contextBridge.exposeInMainWorld("cascade", {
  call: (method: string, params: unknown) => ipcRenderer.invoke(CALL_CHANNEL, String(method), params),
  on(event: string, listener: (payload: unknown) => void): () => void {
    const handler = (_e: IpcRendererEvent, message: { event?: string; payload?: unknown }) => {
      if (message?.event === event) listener(message.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
});
