/**
 * The WebSocket side of the contract: WireRequest in, WireReply out (matched by id), every page-facing service
 * event (PAGE_EVENTS of the contract) pushed as a WireEvent. Malformed messages get an error reply; the connection and the server live on.
 */
import type { WebSocket } from "ws";
import { PAGE_EVENTS, type WireEvent, type WireReply } from "../../shared/contract";
import type { Service } from "../service/createService";
import { toErrorShape } from "../service/errors";

function send(socket: WebSocket, message: WireReply | WireEvent): void {
  if (socket.readyState !== socket.OPEN) return;
  let text: string;
  try {
    text = JSON.stringify(message);
  } catch (e) {
    if (!("id" in message)) return;
    text = JSON.stringify({ id: message.id, ok: false, error: { message: `the reply cannot be sent: ${(e as Error).message}` } } satisfies WireReply);
  }
  socket.send(text);
}

/** Parses one incoming message; returns the request or an error reply to send back. */
export function parseRequest(data: string): { id: number; method: unknown; params: unknown } | WireReply {
  let message: unknown;
  try {
    message = JSON.parse(data);
  } catch {
    return { id: 0, ok: false, error: { message: "malformed message: not JSON" } };
  }
  if (!message || typeof message !== "object") return { id: 0, ok: false, error: { message: "malformed message: expected an object" } };
  const { id, method, params } = message as Record<string, unknown>;
  if (typeof id !== "number" || !Number.isSafeInteger(id)) return { id: 0, ok: false, error: { message: "malformed message: id must be an integer" } };
  if (typeof method !== "string") return { id, ok: false, error: { message: "malformed message: method must be a string" } };
  return { id, method, params };
}

export function attachSocket(socket: WebSocket, service: Pick<Service, "dispatch" | "on">): void {
  const offs = PAGE_EVENTS.map((event) => service.on(event, (payload: unknown) => send(socket, { event, payload })));
  const unsubscribe = () => offs.forEach((off) => off());
  socket.on("close", unsubscribe);
  socket.on("error", unsubscribe);
  socket.on("message", (data, isBinary) => {
    if (isBinary) return send(socket, { id: 0, ok: false, error: { message: "malformed message: binary frames are not accepted" } });
    const request = parseRequest(data.toString());
    if ("ok" in request) return send(socket, request);
    service.dispatch(request.method, request.params).then(
      (result) => send(socket, { id: request.id, ok: true, result: result ?? null }),
      (error: unknown) => send(socket, { id: request.id, ok: false, error: toErrorShape(error) }),
    );
  });
}
