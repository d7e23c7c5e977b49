/** Text: a constant, or a list whose values downstream nodes are mapped over (a Samples value). */
import type { TextConfig } from "../../../shared/nodes/kinds/text";
import type { PerItemExecutor } from "./types";

export const textExecutor: PerItemExecutor<TextConfig> = {
  async run(config) {
    if (config.mode === "constant") return { output: { text: config.value } };
    return { output: { text: { kind: "samples", values: [...config.values] } } };
  },
};
