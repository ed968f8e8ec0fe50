export * from "./departments";
export * from "./users";
export * from "./sessions";
export * from "./audit-log";
export * from "./categories";
export * from "./settings";
