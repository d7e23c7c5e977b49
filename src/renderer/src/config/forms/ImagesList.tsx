/** The image input ports of a prompt (attached to the user message). */
import { useState } from "react";
import type { PromptConfig } from "../../../../shared/nodes/kinds/prompt";
import { VARIABLE_NAME } from "../../../../shared/template";
import type { ConfigUpdater } from "../nodeEdit";

export function ImagesList({ images, update }: { images: string[]; update: ConfigUpdater<PromptConfig> }) {
  const [name, setName] = useState("image");
  const valid = VARIABLE_NAME.test(name) && !images.includes(name);
  const add = () => {
    if (!valid) return;
    update("images", (c) => void (c.images ??= []).push(name));
    setName(`image${images.length + 2}`);
  };
  return (
    <div className="images" data-testid="config-prompt-images">
      {images.map((img, i) => (
        <span key={img} className="chip ptype--image">
          {img}
          <button
            type="button"
            className="chip__x"
            title={`Remove the ${img} input`}
            onClick={() =>
              update("images", (c) => {
                c.images?.splice(i, 1);
                if (c.images?.length === 0) delete c.images;
              })
            }
          >
            ✕
          </button>
        </span>
      ))}
      <span className="images__add">
        <input className="input input--small" value={name} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === "Enter" && add()} spellCheck={false} data-testid="config-prompt-image-name" />
        <button type="button" className="btn btn--small" disabled={!valid} onClick={add} data-testid="config-prompt-image-add">
          + Image input
        </button>
      </span>
    </div>
  );
}
