// The normalized spec as a module of its own: src/spec.ts loads it lazily, for the test kit's
// Prism mock. (A dynamic import of the JSON itself is left unbundled by the bundler.)
import document from "../generated/openapi.json" with { type: "json" };

export default document;
