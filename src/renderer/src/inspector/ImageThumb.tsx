/** A dataset image as a small thumbnail that opens full size in a new tab. */
import type { ImageRef } from "../../../shared/values";
import { datasetFileUrl } from "../api/fileUrl";

export function ImageThumb({ image, size = 96 }: { image: ImageRef; size?: number }) {
  const url = datasetFileUrl(image.source);
  if (!url) return <span className="chip-img muted" title={image.source}>🖼 {image.source}</span>;
  return (
    <a href={url} target="_blank" rel="noreferrer" className="thumb" title={image.source} onClick={(e) => e.stopPropagation()}>
      <img src={url} alt={image.source} style={{ maxWidth: size, maxHeight: size }} loading="lazy" data-testid="image-thumb" />
    </a>
  );
}
