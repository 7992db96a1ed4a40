/** The bundle's text, ASCII only, with every dynamic import() calling `importName` instead (see prepare-bundle.mjs). */
export function prepareBundle(text: string, fileName: string, importName?: string): string;
