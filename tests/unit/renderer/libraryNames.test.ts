/** #12 item 9: library names stay unique on import/template open, and a rename to a taken name is refused. */
import { describe, expect, it } from "vitest";
import { nameRefusal, uniqueName } from "../../../src/renderer/src/library/names";

describe("library names", () => {
  it("gives an import whose name is taken the next free ' (n)'", () => {
    expect(uniqueName("Cas-SEAT", [])).toBe("Cas-SEAT");
    expect(uniqueName("Cas-SEAT", ["Cas-SEAT"])).toBe("Cas-SEAT (2)");
    expect(uniqueName("Cas-SEAT", ["cas-seat", "Cas-SEAT (2)"])).toBe("Cas-SEAT (3)");
    expect(uniqueName("Cas-SEAT (2)", ["Cas-SEAT", "Cas-SEAT (2)"])).toBe("Cas-SEAT (3)");
    expect(uniqueName("  ", [])).toBe("Untitled cascade");
  });

  it("refuses a rename to another pipeline's name or to nothing, not to its own", () => {
    const lib = [{ id: "a", name: "One" }, { id: "b", name: "Two" }];
    expect(nameRefusal("two", "a", lib)).toBe('"two" is the name of another pipeline');
    expect(nameRefusal(" ", "a", lib)).toBe("a pipeline needs a name");
    expect(nameRefusal("One", "a", lib)).toBeNull();
    expect(nameRefusal("Three", "a", lib)).toBeNull();
  });
});
