// Checked by `npm run typecheck`: the package's exported types, each used the way a user's own
// code uses it (a helper's parameter, a wrapper, a custom strategy), so none is exported for nothing.
import { expectTypeOf } from "vitest";
import {
  createAuthorizationRequest,
  createCognigyClient,
  isCognigyCredentialError,
  loadOperationTable,
  oauth2Auth,
  pages,
  type AcceptOption,
  type AuthorizationRequest,
  type CallRequest,
  type CognigyAuth,
  type CognigyClientOptions,
  type CognigyEnvironment,
  type CognigyHeaders,
  type CognigyOutgoingRequest,
  type CognigyRequestOptions,
  type CredentialSource,
  type CrossOriginRedirects,
  type Fetch,
  type HalLinks,
  type ListPath,
  type OAuth2Auth,
  type OAuth2Options,
  type OperationId,
  type OperationInfo,
  type OperationParameter,
  type OperationTable,
  type PaginationOptions,
  type ProblemDetails,
  type RetryOptions,
  type ValidationIssue,
} from "../../src/index.js";

// Options a team shares between its clients and calls.
const environment: CognigyEnvironment = "api-acme.cognigy.cloud";
const retry: RetryOptions = { maxRetries: 4, onRetry: (event) => expectTypeOf(event.url).toEqualTypeOf<string>() };
const perCall: CognigyRequestOptions = { timeout: 5_000, retry, accept: "hal" satisfies AcceptOption };
// A fetch that logs and passes each request on: the client hands it a Request.
const logged: Fetch = (request) => (console.debug(request.method, request.url), fetch(request));
// A setting read from the environment: undefined means the default, as for every option.
const redirects = process.env["COGNIGY_REDIRECTS"] as CrossOriginRedirects | undefined;
const options: CognigyClientOptions = {
  environment,
  apiKey: "k",
  fetch: logged,
  ...perCall,
  accept: "json",
  crossOriginRedirects: redirects,
};
const client = createCognigyClient(options);

// A custom strategy, written against the request view every strategy gets.
function signed(secret: CredentialSource): CognigyAuth {
  const set = (headers: CognigyHeaders, value: string) => headers.set("X-Signature", value);
  return {
    type: "signed",
    async authorize(request: CognigyOutgoingRequest) {
      set(request.headers, `${request.method} ${typeof secret === "string" ? secret : await secret()}`);
    },
    toString: () => "signedAuth([redacted])",
  };
}
createCognigyClient({ environment, auth: signed(() => "s") });

// OAuth2: options built in one place, tokens read back for storage.
export function oauth(settings: OAuth2Options): OAuth2Auth {
  const auth = oauth2Auth(settings);
  expectTypeOf(auth.tokens()?.accessToken).toEqualTypeOf<string | undefined>();
  return auth;
}
export async function signIn(): Promise<AuthorizationRequest> {
  return createAuthorizationRequest({
    baseUrl: "https://api-app.cognigy.ai",
    clientId: "c",
    redirectUri: "https://app.example/cb",
  });
}

// A helper that pages any list with the team's defaults.
export async function countAll(path: ListPath, options: PaginationOptions = {}): Promise<number> {
  let count = 0;
  for await (const page of pages(client, path, { pageSize: 100, ...options })) count += page.items.length;
  return count;
}

// What a failed call tells: its request, its problem details, the validation issues.
export async function report(): Promise<void> {
  const { error, request } = await client.GET("/v2.0/largelanguagemodels");
  expectTypeOf(request).toEqualTypeOf<CallRequest>();
  const problem: ProblemDetails | undefined = error;
  const issue: ValidationIssue = { in: "query", name: "limit", message: "must be at most 100" };
  expectTypeOf(problem?.traceId).toEqualTypeOf<string | undefined>();
  expectTypeOf(issue.in).toEqualTypeOf<"path" | "query" | "header" | "body">();
  const hal = await client.GET("/v2.0/largelanguagemodels", { accept: "hal" });
  expectTypeOf(hal.data?._links).toEqualTypeOf<HalLinks["_links"]>();
  const caught: unknown = undefined;
  if (isCognigyCredentialError(caught)) expectTypeOf(caught.scheme).toEqualTypeOf<string>();
}

// Tooling over the operation table.
export async function listOperations(): Promise<string[]> {
  const table: OperationTable = await loadOperationTable();
  const ids = Object.keys(table) as OperationId[];
  return ids.map((id) => {
    const info: OperationInfo = table[id];
    const required: OperationParameter[] = info.parameters.filter((parameter) => parameter.required);
    return `${info.method.toUpperCase()} ${info.path} (${required.length} required)`;
  });
}
