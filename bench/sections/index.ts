import type { Section } from '../lib/section.ts';
import { nominations } from './nominations.ts';
import { wall } from './wall.ts';

/** Every benchmark section, in the order the table shows them; a new one is one line here. */
export const sections: readonly Section[] = [nominations, wall];
