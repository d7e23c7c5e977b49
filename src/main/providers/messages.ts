export type { ChatMessage } from "../../shared/values";
export type { Usage } from "../../shared/events";
