/**
 * #12 item 9: importing one file twice makes two entries with different names; the Open dialog renames (a
 * taken name is refused) and deletes entries.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { byTestId, currentDoc, waitReady } from "./editorDriver";
import { ROOT, startApp, type AppHarness } from "./harness";

describe("library", () => {
  let app: AppHarness;
  beforeAll(async () => {
    app = await startApp({ viewport: { width: 1440, height: 900 } });
    await waitReady(app.page);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("imports a file twice as two names, renames and deletes from the Open dialog", async () => {
    const { page, service } = app;
    const text = readFileSync(join(ROOT, "templates/cot.json"));
    const name = (JSON.parse(text.toString()) as { name: string }).name;
    for (const expected of [name, `${name} (2)`]) {
      await byTestId(page, "lib-import-file").setInputFiles({ name: "cot.json", mimeType: "application/json", buffer: text });
      await expect.poll(async () => (await currentDoc(page)).name).toBe(expected);
      await byTestId(page, "lib-save").click();
      await expect.poll(async () => (await service.call("pipelines.list", undefined)).map((p) => p.name).sort()).toContain(expected);
    }
    const list = await service.call("pipelines.list", undefined);
    expect(list.map((p) => p.name).sort()).toEqual([name, `${name} (2)`]);
    const first = list.find((p) => p.name === name)!;
    const second = list.find((p) => p.name !== name)!;

    await byTestId(page, "lib-open").click();
    await byTestId(page, `rename-${second.id}`).click();
    await byTestId(page, `rename-input-${second.id}`).fill(name);
    expect(await byTestId(page, `rename-refusal-${second.id}`).textContent()).toBe(`"${name}" is the name of another pipeline`);
    await byTestId(page, `rename-input-${second.id}`).fill("CoT, second try");
    await byTestId(page, `rename-input-${second.id}`).press("Enter");
    await expect.poll(() => byTestId(page, `open-${second.id}`).textContent()).toBe("CoT, second try");
    // It is the open pipeline: its name follows.
    await expect.poll(() => byTestId(page, "pipeline-name").inputValue()).toBe("CoT, second try");

    page.once("dialog", (d) => void d.accept());
    await byTestId(page, `delete-${first.id}`).click();
    await expect.poll(() => byTestId(page, `open-${first.id}`).count()).toBe(0);
    expect((await service.call("pipelines.list", undefined)).map((p) => p.name)).toEqual(["CoT, second try"]);
    expect(app.errors).toEqual([]);
  });
});
