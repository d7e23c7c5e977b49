/** Helpers that drive the Experiment tab and the experiment results sheet through their data-testids. */
import type { Page } from "playwright-core";
import { byTestId } from "./editorDriver";

/** Presses "Vary this" beside the field with this --set path (its form must be showing). */
export async function varyField(page: Page, path: string): Promise<void> {
  await byTestId(page, `vary-${path}`).click();
  await byTestId(page, `varied-${path}`).waitFor();
}

/** Adds a value to axis `axis` (0-based) and types `text` into it. */
export async function addAxisValue(page: Page, axis: number, text: string): Promise<void> {
  const count = await page.locator(`[data-testid="axis"]`).nth(axis).locator('[data-testid="axis-value"]').count();
  await byTestId(page, `axis-add-value-${axis}`).click();
  const input = byTestId(page, `axis-value-input-${axis}-${count}`);
  await input.fill(text);
}

/** Presses Run experiment and waits until the experiment is no longer running; returns its final status. */
export async function runExperimentAndWait(page: Page, timeoutMs = 120_000): Promise<string> {
  await byTestId(page, "experiment-run").click();
  await page.waitForFunction(() => {
    const s = document.querySelector('[data-testid="experiment-status"]')?.getAttribute("data-status");
    return !!s && s !== "running";
  }, undefined, { timeout: timeoutMs });
  return (await byTestId(page, "experiment-status").getAttribute("data-status"))!;
}
