/** The environment variable that names the shared call cache (sharedCallCache.ts) when no --shared-cache is given. */
export const SHARED_CACHE_ENV = "CASCADE_SHARED_CACHE";
