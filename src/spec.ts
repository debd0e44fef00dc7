// The one file in src/ that imports from generated/ (written by `npm run generate`): everything the
// runtime knows of the spec reaches it through here.
export type { components, operations, paths } from "../generated/schema.js";
/** Each operationId with its method, path and the parameters the spec constrains. */
export { operations as operationTable, type OperationId, type OperationInfo, type OperationParameter } from "../generated/operations.js";
