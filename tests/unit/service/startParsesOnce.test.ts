/**
 * One start call parses the document once: dispatch's param check (zod) is the only parse; the plan validates
 * the parsed document (graph checks) once, and the pre-flight, the run record and the run read that plan —
 * nothing calls parsePipeline again (it was six parses per click: check and start each dispatched, prepared,
 * planned, and the model check planned once more).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { PARAM_SCHEMAS } from "../../../src/main/service/paramSchemas";
import type { RunEvent } from "../../../src/shared/events";
import * as validate from "../../../src/shared/pipeline/validate";
import { startFakeOpenAI, type FakeServer } from "../../fakes/openaiServer";
import { makeService } from "./helpers";

vi.mock("../../../src/shared/pipeline/validate", async (original) => {
  const real = await original<typeof import("../../../src/shared/pipeline/validate")>();
  return { ...real, parsePipeline: vi.fn(real.parsePipeline), validateParsedPipeline: vi.fn(real.validateParsedPipeline) };
});

let fake: FakeServer | undefined;
let env: ReturnType<typeof makeService> | undefined;
afterEach(async () => {
  await env?.close();
  await fake?.close();
});

describe("runs.start parses the document once", () => {
  it("one param check, one validation into the plan, with the pre-flight and the run on it", async () => {
    fake = await startFakeOpenAI({ models: ["fake-model"] });
    env = makeService({ env: {}, preflight: { discover: { candidates: [] } } });
    const pos = { x: 0, y: 0 };
    const doc = {
      format: "cascade-studio/pipeline" as const,
      version: 1 as const,
      name: "once",
      models: { m: { provider: "openai" as const, model: "fake-model", baseUrl: fake.url, maxRetries: 0 } },
      nodes: [
        { id: "data", kind: "dataset", position: pos, config: { source: { type: "inline", rows: [{ id: "a", q: "1+1?" }] }, columns: [{ name: "q", type: "text" }], idColumn: "id" } },
        { id: "answer", kind: "prompt", position: pos, config: { model: "m", template: "{{q}}" } },
      ],
      edges: [{ id: "e1", source: "data", sourcePort: "q", target: "answer", targetPort: "q" }],
    };
    const paramCheck = vi.spyOn(PARAM_SCHEMAS["runs.start"], "safeParse");
    vi.mocked(validate.parsePipeline).mockClear();
    vi.mocked(validate.validateParsedPipeline).mockClear();
    const finished = new Promise<RunEvent>((resolve) => env!.service.on("run-event", (e) => e.type === "run-finished" && resolve(e)));
    const answer = await env.service.call("runs.start", { doc, check: true });
    expect(answer.started).toBe(true);
    expect(await finished).toMatchObject({ status: "done", totals: { itemsDone: 1 } });
    expect(paramCheck).toHaveBeenCalledTimes(1);
    expect(validate.validateParsedPipeline).toHaveBeenCalledTimes(1);
    expect(validate.parsePipeline).not.toHaveBeenCalled();
  });
});
