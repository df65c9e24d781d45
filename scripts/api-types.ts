import { readFile } from 'node:fs/promises';
import openapiTS, { astToString, COMMENT_HEADER, type OpenAPI3 } from 'openapi-typescript';
import { OPENAPI_FILE } from '../src/api/openapi';

/** The typed client's types, generated from the committed OpenAPI document. */
export const API_TYPES_FILE = 'src/client/api-types.ts';

export async function renderApiTypes(): Promise<string> {
  const document = JSON.parse(await readFile(OPENAPI_FILE, 'utf8')) as OpenAPI3;
  const header = `${COMMENT_HEADER}// Regenerate with \`npm run openapi\` (from ${OPENAPI_FILE}).\n\n`;
  return header + astToString(await openapiTS(document, { alphabetize: false, exportType: false }));
}
