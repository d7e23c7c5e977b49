/** IPC channel names, shared by the main process and the preload. */
export const CALL_CHANNEL = "cascade:call";
export const EVENT_CHANNEL = "cascade:event";
