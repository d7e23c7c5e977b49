export * from "./schema";
export * from "./problems";
export * from "./validate";
export * from "./serialize";
