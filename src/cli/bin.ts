#!/usr/bin/env node
// The package's `bin`: `npx cognigy-openapi-client generate …` (see ./index.ts).
import { run } from "./index.js";

run(process.argv.slice(2));
