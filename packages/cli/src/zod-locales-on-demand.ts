import { loadZodLocalesLazily } from './lazy-zod-locales.js';

// Imported for this effect alone, first thing in bin.ts: the command's imports that follow load zod.
loadZodLocalesLazily();
