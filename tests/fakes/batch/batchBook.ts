/**
 * The state of a fake batch API, shared by the three protocol fakes in this folder: the batches it was given
 * (their requests as sent), how each moves on (validating → in progress → completed after `pollsToFinish`
 * polls, or held until released), and each request's answer — the deterministic default reply of the live
 * fakes (../fakeHttp.ts defaultFakeReply), so a batch run and a live run of one pipeline give equal results.
 * `lineFault(customId, n)` fails or expires single requests (n = how many times that custom id was sent).
 */
import type { ServerResponse } from "node:http";
import { defaultFakeReply, normaliseReply, sendJson, startFakeHttp, type ErrorBody, type FakeServer, type FakeUsage, type NeutralMessage, type RecordedRequest } from "../fakeHttp";

export type FakeBatchState = "validating" | "in_progress" | "finalizing" | "completed" | "cancelling" | "cancelled" | "expired" | "failed";
export type LineFault = "error" | "expired" | "invalid" | null | undefined;

export interface FakeBatchRequest {
  customId: string;
  /** The request body as sent (the provider's own shape). */
  body: any;
  model: string;
  messages: NeutralMessage[];
  json: boolean;
}

export type FakeLineResult =
  | { kind: "ok"; text: string; usage: FakeUsage; stopReason?: string }
  | { kind: "error"; status: number; message: string }
  | { kind: "expired" }
  | { kind: "cancelled" };

export interface FakeBatch {
  id: string;
  requests: FakeBatchRequest[];
  state: FakeBatchState;
  polls: number;
  createdAt: number;
  results?: Map<string, FakeLineResult>;
}

export interface BatchBookOptions {
  /** Polls a batch takes to finish (default 1: the first poll says in progress, the second completed). */
  pollsToFinish?: number;
  /** While true, batches stay in progress however often they are polled. */
  hold?: () => boolean;
  lineFault?: (customId: string, sentCount: number) => LineFault;
  /** The results file (OpenAI, Anthropic) has a line that is not JSON. */
  malformedResults?: boolean;
  /** A whole batch fails validation (its requests never run). */
  failBatch?: (batch: FakeBatch) => string | null | undefined;
}

export class BatchBook {
  readonly batches = new Map<string, FakeBatch>();
  private readonly sent = new Map<string, number>();
  private next = 1;

  constructor(readonly o: BatchBookOptions, private readonly prefix: string) {}

  create(requests: FakeBatchRequest[]): FakeBatch {
    const id = `${this.prefix}${this.next++}`;
    for (const r of requests) this.sent.set(r.customId, (this.sent.get(r.customId) ?? 0) + 1);
    const batch: FakeBatch = { id, requests, state: "validating", polls: 0, createdAt: Math.floor(Date.now() / 1000) };
    this.batches.set(id, batch);
    return batch;
  }

  /** One poll: the batch moves on unless held. */
  poll(id: string): FakeBatch | undefined {
    const b = this.batches.get(id);
    if (!b) return undefined;
    if (b.state === "cancelling") this.finish(b, "cancelled");
    if (b.state !== "validating" && b.state !== "in_progress") return b;
    b.polls++;
    const failed = this.o.failBatch?.(b);
    if (failed) {
      b.state = "failed";
      b.results = new Map();
      return b;
    }
    if (this.o.hold?.()) {
      b.state = "in_progress";
      return b;
    }
    if (b.polls >= (this.o.pollsToFinish ?? 1) + 1) this.finish(b, "completed");
    else b.state = "in_progress";
    return b;
  }

  cancel(id: string): FakeBatch | undefined {
    const b = this.batches.get(id);
    if (b && (b.state === "validating" || b.state === "in_progress")) b.state = "cancelling";
    return b;
  }

  private finish(b: FakeBatch, state: "completed" | "cancelled"): void {
    b.state = state;
    b.results = new Map(b.requests.map((r) => [r.customId, state === "cancelled" ? { kind: "cancelled" } : this.answer(r)]));
  }

  private answer(r: FakeBatchRequest): FakeLineResult {
    const fault = this.o.lineFault?.(r.customId, this.sent.get(r.customId) ?? 1);
    if (fault === "error") return { kind: "error", status: 500, message: "fake: the server had an error processing this request" };
    if (fault === "invalid") return { kind: "error", status: 400, message: "fake: invalid request" };
    if (fault === "expired") return { kind: "expired" };
    const { text, usage, stopReason } = normaliseReply(defaultFakeReply(r.model, r.messages, r.json), r.messages.map((m) => m.text).join("\n"));
    return { kind: "ok", text, usage, stopReason };
  }

  /** Every request sent, over all batches (the same custom id twice means a call was submitted twice). */
  get requestCount(): number {
    let n = 0;
    for (const b of this.batches.values()) n += b.requests.length;
    return n;
  }
}

/** A shape rule broken by a request: the fake answers 400 with it, as the real API would refuse the call. */
export class ShapeError extends Error {}

export function need(cond: unknown, message: string): asserts cond {
  if (!cond) throw new ShapeError(message);
}

/**
 * Serves a protocol's batch routes on 127.0.0.1 (urlSuffix: the base URL's path, e.g. "/v1"); a ShapeError a
 * route throws is answered 400 with the protocol's error body naming the broken rule.
 */
export async function startBatchFake(
  urlSuffix: string,
  route: (rec: RecordedRequest, res: ServerResponse) => Promise<boolean>,
  errorBody: ErrorBody,
  invalidType: string,
): Promise<FakeServer> {
  return startFakeHttp(
    {},
    urlSuffix,
    () => false,
    async (rec, res) => {
      try {
        return await route(rec, res);
      } catch (e) {
        if (!(e instanceof ShapeError)) throw e;
        sendJson(res, 400, errorBody(`fake: ${e.message}`, invalidType));
        return true;
      }
    },
    errorBody,
  );
}
