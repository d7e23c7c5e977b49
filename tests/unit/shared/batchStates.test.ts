import { describe, expect, it } from "vitest";
import { batchClosed, formatWaited } from "../../../src/shared/batchStates";

describe("batch state words", () => {
  it("say the time waited in seconds, minutes and seconds, or hours and minutes", () => {
    expect(formatWaited(0)).toBe("0s");
    expect(formatWaited(-5)).toBe("0s");
    expect(formatWaited(59_400)).toBe("59s");
    expect(formatWaited(59_600)).toBe("1m 00s");
    expect(formatWaited(185_000)).toBe("3m 05s");
    expect(formatWaited(3_720_000)).toBe("1h 02m");
    expect(formatWaited(25 * 3_600_000)).toBe("25h 00m");
  });

  it("count a batch closed once collected, failed or cancelled, not while cancelling or completed", () => {
    expect(["collected", "failed", "cancelled"].every((s) => batchClosed(s as never))).toBe(true);
    expect(["submitted", "in_progress", "completed", "cancelling", "expired"].some((s) => batchClosed(s as never))).toBe(false);
  });
});
