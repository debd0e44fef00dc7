// The one file in src/ that imports from generated/ (written by `npm run generate`): everything the
// runtime knows of the spec reaches it through here.
export type { components, operations, paths } from "../generated/schema.js";
/** Per method and path: the init a call takes and the data and error it gives. */
export type { Routes } from "../generated/routes.js";
/** Each operationId with its method, path and the parameters the spec constrains. */
export { operations as operationTable, type OperationId, type OperationInfo, type OperationParameter } from "../generated/operations.js";
import { operations, type OperationInfo } from "../generated/operations.js";
export { SPEC_VERSION } from "../generated/spec-version.js";

let byRoute: Map<string, Map<string, OperationInfo>> | undefined;

/** The operation for a method and path template, e.g. `("GET", "/v2.0/aiagents/{aiAgentId}")`. */
export function findOperation(method: string, path: string): OperationInfo | undefined {
  if (!byRoute) {
    byRoute = new Map();
    for (const operation of Object.values(operations)) {
      const method = operation.method.toUpperCase();
      if (!byRoute.has(method)) byRoute.set(method, new Map());
      byRoute.get(method)!.set(operation.path, operation);
    }
  }
  return (byRoute.get(method) ?? byRoute.get(method.toUpperCase()))?.get(path);
}
