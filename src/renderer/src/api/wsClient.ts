/**
 * The ApiClient over the browser-mode WebSocket: replies matched by id, calls queued while (re)connecting,
 * reconnection with exponential backoff; event listeners survive reconnects (the server pushes every event to
 * every socket). A call in flight when the connection drops is rejected, never resent: it may have run.
 */
import type { ApiClient, ApiEvents, EventName, Method, Params, Result, WireEvent, WireReply } from "../../../shared/contract";
import { ApiError } from "./apiError";

export type ConnectionStatus = "connecting" | "open" | "closed";

export interface WsClientOptions {
  /** ws(s)://host/ws?token=... */
  url: string;
  WebSocketImpl?: typeof WebSocket;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** After this many failed attempts in a row, queued calls are rejected (reconnecting goes on). */
  failAfterAttempts?: number;
}

export interface WsClient extends ApiClient {
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Closes for good: pending calls are rejected, no reconnect. */
  close(): void;
}

interface Pending {
  method: string;
  text: string;
  sent: boolean;
  resolve: (value: unknown) => void;
  reject: (error: ApiError) => void;
}

export function createWsClient(options: WsClientOptions): WsClient {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5000;
  const failAfter = options.failAfterAttempts ?? 4;
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  let socket: WebSocket | undefined;
  let state: ConnectionStatus = "connecting";
  let nextId = 0;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closedForGood = false;

  const setStatus = (next: ConnectionStatus) => {
    if (next === state) return;
    state = next;
    for (const l of statusListeners) l(next);
  };

  const rejectWhere = (predicate: (p: Pending) => boolean, message: string) => {
    for (const [id, p] of pending)
      if (predicate(p)) {
        pending.delete(id);
        p.reject(new ApiError(`${p.method}: ${message}`, [], p.method));
      }
  };

  const onMessage = (data: unknown) => {
    let message: WireReply | WireEvent;
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    if ("event" in message) {
      for (const l of listeners.get(message.event) ?? []) l(message.payload);
      return;
    }
    const p = pending.get(message.id);
    if (!p) return;
    pending.delete(message.id);
    if (message.ok) p.resolve(message.result === null ? undefined : message.result);
    else p.reject(ApiError.from(message.error, p.method));
  };

  function connect(): void {
    if (closedForGood) return;
    setStatus("connecting");
    const ws = new Impl(options.url);
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      setStatus("open");
      for (const p of pending.values())
        if (!p.sent) {
          ws.send(p.text);
          p.sent = true;
        }
    };
    ws.onmessage = (e) => onMessage(e.data);
    // A failed or refused connection also closes; the close handler does the work.
    ws.onerror = () => undefined;
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      rejectWhere((p) => p.sent, "the connection to Cascade Studio was lost during the call; it may or may not have run");
      if (closedForGood) return setStatus("closed");
      failures++;
      if (failures >= failAfter)
        rejectWhere(() => true, "cannot reach Cascade Studio (is `cascade serve` still running, and is the page's token current?)");
      setStatus("closed");
      const delay = Math.min(maxDelay, minDelay * 2 ** Math.min(failures - 1, 10));
      timer = setTimeout(connect, delay * (0.8 + Math.random() * 0.4));
    };
  }

  connect();

  return {
    call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
      if (closedForGood) return Promise.reject(new ApiError(`${method}: the client is closed`, [], method));
      const id = ++nextId;
      const text = JSON.stringify({ id, method, params });
      return new Promise<Result<M>>((resolve, reject) => {
        const p: Pending = { method, text, sent: false, resolve: resolve as (v: unknown) => void, reject };
        pending.set(id, p);
        if (socket && state === "open" && socket.readyState === Impl.OPEN) {
          socket.send(text);
          p.sent = true;
        }
      });
    },
    on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const wrapped = (payload: unknown) => listener(payload as ApiEvents[E]);
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    status: () => state,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closedForGood = true;
      clearTimeout(timer);
      rejectWhere(() => true, "the client is closed");
      socket?.close();
      socket = undefined;
      setStatus("closed");
    },
  };
}
