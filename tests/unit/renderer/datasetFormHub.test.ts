/** The dataset form shows a hub source's repository, config and split as fields, and offers the source type. */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DatasetForm } from "../../../src/renderer/src/config/forms/DatasetForm";
import type { DatasetConfig } from "../../../src/shared/nodes/kinds/dataset";

describe("DatasetForm with a huggingface source", () => {
  it("renders the repo, config and split fields and the source option", () => {
    const config: DatasetConfig = { source: { type: "huggingface", repo: "AI4Math/MathVista", config: "default", split: "testmini" }, columns: [{ name: "question", type: "text" }] };
    const html = renderToStaticMarkup(createElement(DatasetForm, { node: { id: "dataset", kind: "dataset", position: { x: 0, y: 0 }, config }, config, update: () => undefined } as never));
    expect(html).toContain('data-testid="config-dataset-hub"');
    expect(html).toContain('value="AI4Math/MathVista"');
    expect(html).toContain('value="testmini"');
    expect(html).toContain("a Hugging Face hub dataset");
    expect(html).toContain('data-testid="vary-nodes.dataset.config.source.config"'); // the subset can be an experiment axis
  });
});
