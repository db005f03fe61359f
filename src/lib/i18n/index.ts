/** Everything about messages, with both dictionaries: for server code. Browser code uses core.ts and page.ts. */
import { registerDictionary } from './core';
import { en } from './en';

registerDictionary('en', en);

export * from './core';
