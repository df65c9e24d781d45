import { createApiClient } from '../../src/client/index';

const API_KEY_ITEM = 'hpsearch.apiKey';

/** The API of the server that serves this page, with the API key stored in this browser, if any. */
export const api = createApiClient('', () => localStorage.getItem(API_KEY_ITEM) ?? undefined);

/** Asks for the API key that servers with API_KEYS require for changes (and, with READS_REQUIRE_KEY, reads); an empty answer forgets it. */
export function askForApiKey(): void {
  const key = prompt('API key for starting, cancelling and resuming searches, and for seeing them where reads need a key (kept in this browser; empty to forget it)', localStorage.getItem(API_KEY_ITEM) ?? '');
  if (key === null) return;
  if (key.trim()) localStorage.setItem(API_KEY_ITEM, key.trim());
  else localStorage.removeItem(API_KEY_ITEM);
}
