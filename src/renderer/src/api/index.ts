export { getClient, getConnection, setClient, browserToken } from "./client";
export { ApiError } from "./apiError";
export { datasetFileUrl } from "./fileUrl";
export type { ConnectionStatus } from "./wsClient";
