/**
 * The one IPC channel: "cascade:call" (method, params) → a reply envelope { ok, result } | { ok: false, error }.
 * Only frames showing the app may call; the method name and params are checked by the service's dispatch.
 */
import type { ApiErrorShape } from "../../shared/contract";
import { toErrorShape } from "../service/errors";
import { isMethod } from "../service/paramSchemas";
import { isAppUrl } from "./navigationGuard";

export { CALL_CHANNEL, EVENT_CHANNEL } from "./channels";

export type IpcReply = { ok: true; result: unknown } | { ok: false; error: ApiErrorShape };

export interface CallEventLike {
  senderFrame?: { url: string } | null;
}

export function createIpcHandler(dispatch: (method: unknown, params: unknown) => Promise<unknown>, appUrl: () => string) {
  return async function handle(event: CallEventLike, method: unknown, params: unknown): Promise<IpcReply> {
    const frameUrl = event.senderFrame?.url ?? "";
    if (!isAppUrl(frameUrl, appUrl())) return { ok: false, error: { message: "calls are only accepted from the app's own window" } };
    if (!isMethod(method)) return { ok: false, error: { message: `unknown method ${JSON.stringify(method)}` } };
    try {
      return { ok: true, result: await dispatch(method, params) };
    } catch (error) {
      return { ok: false, error: toErrorShape(error) };
    }
  };
}
