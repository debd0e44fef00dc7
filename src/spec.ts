// The one file in src/ that imports from generated/ (written by `npm run generate`): everything the
// runtime knows of the spec reaches it through here.
export type { components, operations as OperationTypes, paths } from "../generated/schema.js";
export { operations, type OperationId, type OperationInfo, type OperationParameter } from "../generated/operations.js";
