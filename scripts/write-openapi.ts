import { writeFile } from 'node:fs/promises';
import { buildOpenApiDocument, OPENAPI_FILE, renderOpenApi } from '../src/api/openapi';

await writeFile(OPENAPI_FILE, renderOpenApi(await buildOpenApiDocument()));
console.log(`wrote ${OPENAPI_FILE}`);
