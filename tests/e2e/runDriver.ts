/** Helpers that drive runs, the outputs inspector, the Runs tab and the compare view through their data-testids. */
import type { Page } from "playwright-core";
import { byTestId } from "./editorDriver";

/** The model ids the templates ask for: fake servers list them, so the run pre-flight (runs.start with check) finds them. */
export const TEMPLATE_MODEL_IDS = ["qwen2-vl-72b-instruct", "qwen2-vl-7b-instruct", "qwen2.5-1.5b-instruct"];

/** Opens a template from the gallery and points each named model at `baseUrl` through the Models panel. */
export async function openTemplateWithModels(page: Page, file: string, baseUrl: string, models: string[]): Promise<void> {
  await byTestId(page, "lib-templates").click();
  await byTestId(page, `template-${file}`).click();
  // The gallery closes once the template is open (then its dataset node shows, whatever its id: waiting for
  // node-dataset alone passed on the previous pipeline's node while the next one was still loading).
  try {
    await byTestId(page, "templates-dialog").waitFor({ state: "detached" });
    await page.waitForSelector('[data-kind="dataset"]');
  } catch (e) {
    const shown = (await page.locator("[data-testid=toast], [role=dialog]").allTextContents()).join(" | ");
    await page.screenshot({ path: `.cache/screenshots/failed-open-${file}.png` }).catch(() => {});
    throw new Error(`template ${file} did not open (${(e as Error).message.split("\n")[0]}); the page shows: ${shown || "no dialog or message"}`);
  }
  await byTestId(page, "tab-models").click();
  for (const m of models) {
    const input = byTestId(page, `model-baseurl-${m}`);
    await input.fill(baseUrl);
    await input.blur();
  }
  await byTestId(page, "tab-node").click();
}

/** Presses Run and waits until the run finished; returns its id. */
export async function runAndWait(page: Page, timeoutMs = 60_000): Promise<string> {
  const status = byTestId(page, "run-status");
  const previous = (await status.count()) ? await status.getAttribute("data-run-id") : null;
  await byTestId(page, "run-all").click();
  await page.waitForFunction(
    (prev) => {
      const el = document.querySelector('[data-testid="run-status"]');
      return !!el && el.getAttribute("data-run-id") !== prev && el.getAttribute("data-status") !== "running";
    },
    previous,
    { timeout: timeoutMs },
  );
  return (await byTestId(page, "run-status").getAttribute("data-run-id"))!;
}

/** Selects a node by clicking its header. */
export async function selectNode(page: Page, nodeId: string): Promise<void> {
  const head = byTestId(page, `node-${nodeId}`).locator(".cnode__head");
  // At a legible zoom a wide cascade runs off the canvas (or under the run bar): fit it into view first.
  const box = await head.boundingBox();
  const pane = await page.locator(".react-flow").boundingBox();
  const bar = await page.locator('[data-testid="run-status"]').boundingBox().catch(() => null);
  const top = Math.max(pane?.y ?? 0, bar ? bar.y + bar.height : 0);
  if (!box || !pane || box.x < pane.x || box.x + box.width > pane.x + pane.width || box.y < top || box.y + box.height > pane.y + pane.height) {
    await page.locator(".react-flow__controls-fitview").click();
  }
  await head.click();
}

/** The texts of the run badges of a node, e.g. ["✓ 18"]. */
export function badgeTexts(page: Page, nodeId: string): Promise<string[]> {
  return byTestId(page, `node-run-${nodeId}`).locator(".badge").allTextContents();
}
