/** Where an operation is documented: docs.cognigy.com's API reference, a page per operation under its tag. */
export function docsLink(operation: { readonly tag: string; readonly summary: string }): string | undefined {
  if (!operation.summary || !operation.tag) return undefined;
  return `https://docs.cognigy.com/api-reference/${slug(operation.tag)}/${slug(operation.summary)}`;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
