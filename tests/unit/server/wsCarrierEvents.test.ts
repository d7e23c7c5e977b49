/** The WebSocket carrier forwards every page-facing event of the contract (PAGE_EVENTS), and none after the socket closed. */
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { PAGE_EVENTS } from "../../../src/shared/contract";
import { attachSocket } from "../../../src/main/server/wsCarrier";
import { EventHub } from "../../../src/main/service/eventHub";

describe("the WebSocket carrier's events", () => {
  it("pushes each page event as a WireEvent, and stops when the socket closes", () => {
    const hub = new EventHub();
    const sent: unknown[] = [];
    const socket = Object.assign(new EventEmitter(), { readyState: 1, OPEN: 1, send: (data: string) => sent.push(JSON.parse(data)) });
    attachSocket(socket as unknown as WebSocket, { on: (e, l) => hub.on(e, l), dispatch: async () => null });
    for (const event of PAGE_EVENTS) hub.emit(event, { probe: event } as never);
    hub.emit("run-event", { type: "never-forwarded" } as never);
    expect(sent).toEqual(PAGE_EVENTS.map((event) => ({ event, payload: { probe: event } })));
    expect(PAGE_EVENTS).toContain("workers-progress");
    socket.emit("close");
    hub.emit("workers-progress", { run: "late" } as never);
    expect(sent).toHaveLength(PAGE_EVENTS.length);
  });
});
