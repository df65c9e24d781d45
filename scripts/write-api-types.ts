import { writeFile } from 'node:fs/promises';
import { API_TYPES_FILE, renderApiTypes } from './api-types';

await writeFile(API_TYPES_FILE, await renderApiTypes());
console.log(`wrote ${API_TYPES_FILE}`);
