/** Two pages editing one pipeline: a save based on an older version is refused, the other pages hear of every save. */
import { afterEach, describe, expect, it } from "vitest";
import { makeService, templateDoc } from "./helpers";

let env: ReturnType<typeof makeService>;
afterEach(async () => env?.close());

describe("pipelines.save with a base version", () => {
  it("refuses a save over a newer version (autosaves included), and takes it once based on the latest", async () => {
    env = makeService();
    const { service } = env;
    const heard: { id: string; version: number }[] = [];
    service.on("pipeline-saved", (e) => heard.push({ id: e.id, version: e.version }));
    const doc = templateDoc();
    const v1 = await service.call("pipelines.save", { doc });
    const base = { version: v1.version, savedAt: v1.savedAt };
    // Tab A autosaves twice (the second replaces the first in place: same version number, new time).
    const a1 = await service.call("pipelines.save", { id: v1.id, doc: { ...doc, description: "A1" }, autosave: true, base });
    await new Promise((r) => setTimeout(r, 5));
    const a2 = await service.call("pipelines.save", { id: v1.id, doc: { ...doc, description: "A2" }, autosave: true, base: { version: a1.version, savedAt: a1.savedAt } });
    expect(a2.version).toBe(a1.version);
    // Tab B, still on version 1, saves by hand: refused, saying which version is newer.
    const stale = service.call("pipelines.save", { id: v1.id, doc: { ...doc, description: "B" }, base });
    await expect(stale).rejects.toThrow(/was saved elsewhere \(another tab or window\) since this page got version 1: the latest is version 2/);
    await expect(stale).rejects.toMatchObject({ problems: [{ code: "stale-save" }] });
    // Tab A's next autosave, based on a1 (replaced by a2 since), is refused too.
    await expect(service.call("pipelines.save", { id: v1.id, doc: { ...doc, description: "A3" }, autosave: true, base: { version: a1.version, savedAt: a1.savedAt } })).rejects.toThrow(/saved elsewhere/);
    expect((await service.call("pipelines.get", { id: v1.id })).doc.description).toBe("A2");
    // Saving what the latest already holds is no conflict.
    await expect(service.call("pipelines.save", { id: v1.id, doc: { ...doc, description: "A2" }, base })).resolves.toMatchObject({ version: 2 });
    // "Keep mine as a new version": based on the latest, B's document becomes version 3; A2 stays as version 2.
    const latest = await service.call("pipelines.get", { id: v1.id });
    const kept = await service.call("pipelines.save", { id: v1.id, doc: { ...doc, description: "B" }, base: { version: latest.version, savedAt: latest.savedAt } });
    expect(kept.version).toBe(3);
    expect((await service.call("pipelines.get", { id: v1.id, version: 2 })).doc.description).toBe("A2");
    expect(heard.map((h) => h.version)).toEqual([1, 2, 2, 2, 3]);
  });
});
