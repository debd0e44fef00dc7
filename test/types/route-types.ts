// Checked by `npm run typecheck` (and by test/route-types.test.ts, which also proves it fails on a
// wrong route): generated/routes.ts writes out, per route, what openapi-fetch's generic types work
// out for a call (see src/codegen/route-types.ts); this holds it to them for every route of the
// spec, naming each route that differs. Under `npm run test:scale` it runs over the full-size spec.
import type { FetchOptions, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { HttpMethod, PathsWithMethod } from "openapi-typescript-helpers";
import type { paths, Routes } from "../../src/spec.js";

// Mutually assignable: the same type, however it is spelled.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Difference<R, Op extends Record<string | number, unknown>, Init> = R extends {
  init: infer I;
  optional: infer Optional;
  data: infer Data;
  error: infer Error;
}
  ? | (Same<I, Pick<FetchOptions<Op>, "params" | "body">> extends true ? never : "params or body differ")
    | (Same<Optional, undefined extends Init ? true : false> extends true
        ? never
        : "whether init may be left out differs")
    | (Same<
        { data: Data; error?: never; response: Response } | { data?: never; error: Error; response: Response },
        FetchResponse<Op, object, "application/json">
      > extends true
        ? never
        : "data or error differ")
  : "not a route";
type Differences = {
  [M in HttpMethod]: {
    [P in keyof Routes[M] & string]: P extends keyof paths
      ? paths[P] extends Record<M, Record<string | number, unknown>>
        ? `${M} ${P}: ${Difference<Routes[M][P], paths[P][M], MaybeOptionalInit<paths[P], M>>}`
        : `${M} ${P}: not in paths`
      : `${M} ${P}: not in paths`;
  }[keyof Routes[M] & string];
}[HttpMethod];
type Missing = {
  [M in HttpMethod]: `${M} ${Exclude<PathsWithMethod<paths, M>, keyof Routes[M]> & string}: no route`;
}[HttpMethod];

/** Every route that differs from openapi-fetch's types, or is missing; `never` when all match. */
// eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents, @typescript-eslint/no-duplicate-type-constituents -- both are never when every route matches: that is the point
export type RouteProblems = Differences | Missing;
// With a problem, tsc reports this object as missing a property named after each one.
export const routeProblems: Record<RouteProblems, never> = {};
