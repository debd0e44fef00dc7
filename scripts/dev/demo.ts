/**
 * npm run demo — starts Prism on generated/openapi.json (127.0.0.1, a free port), runs the client
 * against it, prints what came back, and stops Prism. No network or Cognigy account needed.
 */
import { createCognigyClient } from "../../src/index.js";
import { startPrismMock } from "../../src/testing/servers/prism.js";

const prism = await startPrismMock({ spec: "generated/openapi.json" });
try {
  console.log(`Prism mock of the Cognigy.AI API on ${prism.url}\n`);
  const client = createCognigyClient({ baseUrl: prism.url, apiKey: "demo-api-key" });

  const llms = await client.GET("/v2.0/largelanguagemodels", { params: { query: { limit: 25 } } });
  if (llms.error) throw new Error(`listing LLMs failed: ${llms.response.status} ${JSON.stringify(llms.error)}`);
  console.log(
    `GET /v2.0/largelanguagemodels → ${llms.response.status}, ${llms.data.items?.length ?? 0} of ${llms.data.total} large language models`,
  );
  for (const llm of llms.data.items ?? [])
    console.log(`  • ${llm.name} — ${llm.provider} ${llm.modelType} (${llm.modelGroup ?? "?"})`);

  const aiAgentId = "5ce7c2d833ea1e04d7e6c432";
  const agent = await client.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId } } });
  if (agent.error)
    throw new Error(`reading the AI Agent failed: ${agent.response.status} ${JSON.stringify(agent.error)}`);
  console.log(`\nGET /v2.0/aiagents/${aiAgentId} → ${agent.response.status}`);
  console.log(`  • ${agent.data.name}: ${agent.data.description}`);
  console.log(
    `  • speaking style ${JSON.stringify(agent.data.speakingStyle)}, voice ${agent.data.voiceConfigs?.ttsVendor ?? "none"}`,
  );

  const csv = await client.GET("/v2.0/largelanguagemodels", { headers: { Accept: "text/csv" }, parseAs: "text" });
  console.log(
    `\nthe same list as text/csv → ${csv.response.status}\n  ${String(csv.data).trim().split("\n").join("\n  ")}`,
  );

  const anonymous = createCognigyClient({ baseUrl: prism.url, auth: "none" });
  const denied = await anonymous.GET("/v2.0/aiagents/{aiAgentId}", { params: { path: { aiAgentId } } });
  console.log(
    `\nwithout an API key → ${denied.response.status} ${denied.error?.title} (traceId ${denied.error?.traceId})`,
  );
} finally {
  await prism.close();
}
