/**
 * OpenAI's Batch API (also served by some OpenAI-compatible servers). The requests go as a JSONL file,
 * uploaded with POST {base}/files (multipart, purpose "batch"); each line is
 * `{custom_id, method: "POST", url: "/v1/chat/completions", body}` with the body of a non-streamed chat call.
 * POST {base}/batches `{input_file_id, endpoint, completion_window: "24h", metadata}` creates the batch; GET
 * {base}/batches/{id} polls it (status validating → in_progress → finalizing → completed, or failed, expired,
 * cancelling → cancelled; request_counts); the results are JSONL files (output_file_id, error_file_id) read
 * with GET {base}/files/{id}/content, one `{custom_id, response: {status_code, body}, error}` per request.
 * POST {base}/batches/{id}/cancel cancels. Limits: 50,000 requests and 200 MB per input file.
 */
import { openAiTokenParam } from "../../../shared/pipeline/providerRules";
import type { ModelConfig } from "../../../shared/pipeline/schema";
import { isObject } from "../protocol";
import { openaiBody } from "../openai";
import type { BatchHttp } from "./batchHttp";
import type { BatchLine, BatchLineResult, BatchPoll, BatchProtocol, BatchState } from "./batchTypes";
import { jsonLines, replyResult, statusResult } from "./lineResult";

const STATES: Record<string, BatchState> = {
  validating: "validating",
  in_progress: "in_progress",
  finalizing: "finalizing",
  completed: "completed",
  failed: "failed",
  expired: "expired",
  cancelling: "cancelling",
  cancelled: "cancelled",
};

function lineOf(line: BatchLine, config?: ModelConfig): Record<string, unknown> {
  const body = openaiBody(line.request, config ? openAiTokenParam(config) : "max_tokens");
  delete body.stream;
  delete body.stream_options;
  return { custom_id: line.customId, method: "POST", url: "/v1/chat/completions", body };
}

function num(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

function bodyResult(body: unknown): BatchLineResult {
  const choice = isObject(body) && Array.isArray(body.choices) && isObject(body.choices[0]) ? body.choices[0] : undefined;
  const content = isObject(choice?.message) ? choice.message.content : undefined;
  if (!isObject(body) || typeof content !== "string") return { ok: false, error: "the result has no choices[0].message.content", requeue: true };
  const u = isObject(body.usage) ? body.usage : undefined;
  return replyResult("openai", {
    text: content,
    usage: u ? { inputTokens: num(u.prompt_tokens), outputTokens: num(u.completion_tokens) } : undefined,
    model: typeof body.model === "string" ? body.model : undefined,
    stopReason: typeof choice?.finish_reason === "string" ? choice.finish_reason : undefined,
    stopField: "finish_reason",
  });
}

/** One line of an output or error file. */
function resultOf(line: Record<string, unknown>): BatchLineResult {
  const response = isObject(line.response) ? line.response : undefined;
  if (response && response.status_code === 200) return bodyResult(response.body);
  const error = isObject(line.error) ? line.error : isObject(response?.body) && isObject(response.body.error) ? response.body.error : undefined;
  const message = typeof error?.message === "string" ? error.message : JSON.stringify(line.error ?? response?.body ?? "no error given");
  // A request the batch never ran (it expired or was cancelled) may pass in a later one.
  if (error?.code === "batch_expired" || error?.code === "batch_cancelled") return { ok: false, error: message, requeue: true };
  return statusResult(typeof response?.status_code === "number" ? response.status_code : 500, message);
}

export function openaiBatch(config?: ModelConfig): BatchProtocol {
  return {
    kind: "openai",
    maxRequests: 50_000,
    maxBytes: 190 * 1024 * 1024,
    probePath: "batches?limit=1",
    lineBytes: (line) => Buffer.byteLength(JSON.stringify(lineOf(line, config))) + 1,

    async submit(http: BatchHttp, _model: string, lines: BatchLine[], label: string): Promise<string> {
      const jsonl = lines.map((l) => JSON.stringify(lineOf(l, config))).join("\n") + "\n";
      const form = new FormData();
      form.append("purpose", "batch");
      form.append("file", new Blob([jsonl], { type: "application/jsonl" }), `${label}.jsonl`);
      const file = await http.json("POST", "files", form);
      if (!isObject(file) || typeof file.id !== "string") throw new Error("the file upload answered without an id");
      const batch = await http.json("POST", "batches", {
        input_file_id: file.id,
        endpoint: "/v1/chat/completions",
        completion_window: "24h",
        metadata: { cascade: label },
      });
      if (!isObject(batch) || typeof batch.id !== "string") throw new Error("creating the batch answered without an id");
      return batch.id;
    },

    async poll(http: BatchHttp, batchId: string): Promise<BatchPoll> {
      const b = await http.json("GET", `batches/${encodeURIComponent(batchId)}`);
      if (!isObject(b) || typeof b.status !== "string" || !STATES[b.status]) throw new Error(`batch ${batchId}: the poll answered without a known status`);
      const c = isObject(b.request_counts) ? b.request_counts : {};
      const errors = isObject(b.errors) && Array.isArray(b.errors.data) ? b.errors.data.filter(isObject) : [];
      const poll: BatchPoll = {
        state: STATES[b.status],
        counts: { total: num(c.total), succeeded: num(c.completed), failed: num(c.failed) },
        results: { output: typeof b.output_file_id === "string" ? b.output_file_id : undefined, errors: typeof b.error_file_id === "string" ? b.error_file_id : undefined },
      };
      if (errors.length) poll.error = errors.map((e) => `${String(e.line ?? "")} ${String(e.message ?? e.code ?? "")}`.trim()).join("; ");
      return poll;
    },

    async results(http: BatchHttp, batchId: string, poll: BatchPoll): Promise<Map<string, BatchLineResult>> {
      const files = (poll.results ?? {}) as { output?: string; errors?: string };
      const out = new Map<string, BatchLineResult>();
      for (const [which, id] of [["output file", files.output], ["error file", files.errors]] as const) {
        if (!id) continue;
        const text = await http.text("GET", `files/${encodeURIComponent(id)}/content`);
        for (const line of jsonLines(text, batchId, which)) {
          if (!isObject(line) || typeof line.custom_id !== "string") throw new Error(`batch ${batchId}: the ${which} is malformed: a line has no custom_id`);
          out.set(line.custom_id, resultOf(line));
        }
      }
      return out;
    },

    async cancel(http: BatchHttp, batchId: string): Promise<void> {
      await http.json("POST", `batches/${encodeURIComponent(batchId)}/cancel`);
    },
  };
}
