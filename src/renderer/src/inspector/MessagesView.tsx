/** Chat messages exactly as sent: role, text, and the images attached (thumbnails). */
import type { ChatMessage } from "../../../shared/values";
import { ImageThumb } from "./ImageThumb";

export function MessagesView({ messages }: { messages: ChatMessage[] }) {
  return (
    <div className="messages" data-testid="messages">
      {messages.map((m, i) => (
        <div key={i} className={`msg msg--${m.role}`} data-testid="message" data-role={m.role}>
          <div className="msg__role">{m.role}</div>
          <div className="msg__body">
            {m.images?.length ? (
              <div className="msg__images">
                {m.images.map((img, j) => (
                  <ImageThumb key={j} image={img} />
                ))}
              </div>
            ) : null}
            <pre className="msg__text" tabIndex={0}>{m.content}</pre>
          </div>
        </div>
      ))}
    </div>
  );
}
