/** The command registry's shortcut matching and the palette's filter. */
import { describe, expect, it } from "vitest";
import { formatChord, matchesChord } from "../../../src/renderer/src/commands/keys";
import { filterEntries, type PaletteEntry } from "../../../src/renderer/src/commands/paletteEntries";
import { getCommand, registerCommands, runCommand } from "../../../src/renderer/src/commands/registry";

const key = (k: string, m: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {}) => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...m });

describe("shortcut chords", () => {
  it("matches Mod on Ctrl or Meta, and Shift exactly for letters", () => {
    expect(matchesChord(key("z", { ctrlKey: true }), "Mod+Z")).toBe(true);
    expect(matchesChord(key("z", { metaKey: true }), "Mod+Z")).toBe(true);
    expect(matchesChord(key("Z", { ctrlKey: true, shiftKey: true }), "Mod+Z")).toBe(false);
    expect(matchesChord(key("Z", { ctrlKey: true, shiftKey: true }), "Mod+Shift+Z")).toBe(true);
    expect(matchesChord(key("z"), "Mod+Z")).toBe(false);
    expect(matchesChord(key("k", { ctrlKey: true, altKey: true }), "Mod+K")).toBe(false);
  });
  it("matches a symbol on its character whatever Shift took to type it", () => {
    expect(matchesChord(key("?", { shiftKey: true }), "?")).toBe(true);
    expect(matchesChord(key("/"), "/")).toBe(true);
    expect(matchesChord(key("/", { ctrlKey: true }), "/")).toBe(false);
    expect(matchesChord(key("Delete"), "Delete")).toBe(true);
  });
  it("formats for people", () => {
    expect(formatChord("Mod+Shift+Z")).toBe("Ctrl+Shift+Z");
    expect(formatChord("Delete")).toBe("Del");
  });
});

describe("registry", () => {
  it("refuses an id twice, runs only enabled commands", () => {
    let ran = 0;
    registerCommands([{ id: "test.a", title: "A", section: "Edit", enabled: (ctx) => ctx.nodeId === "n", run: () => void ran++ }]);
    expect(() => registerCommands([{ id: "test.a", title: "A again", section: "Edit", run: () => undefined }])).toThrow(/registered twice/);
    expect(runCommand("test.a")).toBe(false);
    expect(runCommand("test.a", { nodeId: "n" })).toBe(true);
    expect(ran).toBe(1);
    expect(getCommand("test.a").title).toBe("A");
    expect(() => getCommand("nope")).toThrow(/no command "nope"/);
  });
});

describe("palette filter", () => {
  const e = (title: string, detail = ""): PaletteEntry => ({ type: "kind", key: title, title, detail, kind: title.toLowerCase() });
  it("needs every word, and puts titles starting with the query first", () => {
    const list = [e("Score", "compares a prediction"), e("Prompt", "one LLM call"), e("LLM judge", "an LLM rates")];
    expect(filterEntries(list, "llm").map((x) => x.title)).toEqual(["LLM judge", "Prompt"]);
    expect(filterEntries(list, "llm rates").map((x) => x.title)).toEqual(["LLM judge"]);
    expect(filterEntries(list, "").map((x) => x.title)).toEqual(["Score", "Prompt", "LLM judge"]);
  });
});
