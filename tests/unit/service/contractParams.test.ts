/**
 * The contract's params are declared once, as zod schemas (src/shared/contractParams.ts); their types are
 * inferred. The type assertions here are checked by `npm run typecheck` (tests are in the project): a schema
 * that parses something else than these params fails it, and so does a method without a schema.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { ApiResults, Params, ResultsQuery, RunRequest } from "../../../src/shared/contract";
import { PARAM_SCHEMAS } from "../../../src/shared/contractParams";
import type { ReviewDecisionRequest } from "../../../src/shared/reviewsContract";
import type { PipelineDoc } from "../../../src/shared/pipeline/schema";
import type { Value } from "../../../src/shared/values";

describe("one contract source", () => {
  it("infers each method's params from its schema", () => {
    expectTypeOf<Params<"runs.get">>().toEqualTypeOf<{ runId: string }>();
    expectTypeOf<Omit<Params<"runs.start">, "runId" | "check">>().toEqualTypeOf<RunRequest>();
    expectTypeOf<Params<"runs.start">["check"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<Params<"runs.start">["runId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<RunRequest["doc"]>().toEqualTypeOf<PipelineDoc>();
    expectTypeOf<ResultsQuery["status"]>().toEqualTypeOf<"done" | "cached" | "failed" | "skipped" | "dropped" | "pending" | undefined>();
    expectTypeOf<ReviewDecisionRequest["edits"]>().toEqualTypeOf<Record<string, Value> | undefined>();
    expectTypeOf<Params<"pipelines.get">>().toEqualTypeOf<{ id: string; version?: number | undefined }>();
    // A value the schema would refuse is refused by the type too.
    // @ts-expect-error runId is a string
    const wrong: Params<"runs.get"> = { runId: 1 };
    expect(PARAM_SCHEMAS["runs.get"].safeParse(wrong).success).toBe(false);
  });

  it("has a schema for every method and for nothing else", () => {
    expectTypeOf<keyof typeof PARAM_SCHEMAS>().toEqualTypeOf<keyof ApiResults>();
    const { "runs.get": _dropped, ...fewer } = PARAM_SCHEMAS;
    // @ts-expect-error a method without its schema
    const missing: { [M in keyof ApiResults]: z.ZodType } = fewer;
    expect(Object.keys(missing)).not.toContain("runs.get");
  });
});
