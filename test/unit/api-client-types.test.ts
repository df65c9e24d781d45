import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, renderApiTypes } from '../../scripts/api-types';

describe('the typed API client', () => {
  it('has types generated from the committed OpenAPI document (run `npm run openapi` after changing the API)', async () => {
    expect(await readFile(API_TYPES_FILE, 'utf8')).toBe(await renderApiTypes());
  });
});
