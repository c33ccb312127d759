import type { Section } from '../lib/section.ts';
import { badges } from './badges.ts';
import { credentials } from './credentials.ts';
import { isolation } from './isolation.ts';
import { nominations } from './nominations.ts';
import { serving } from './serving.ts';
import { wall } from './wall.ts';
import { workers } from './workers.ts';

/** Every benchmark section, in the order the table shows them; a new one is one line here. */
export const sections: readonly Section[] = [nominations, workers, serving, badges, credentials, wall, isolation];
