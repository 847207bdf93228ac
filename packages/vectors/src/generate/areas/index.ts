// Every vector area, in the order files are generated.
import type { Area } from '../area.js';
import type { GenerationContext } from '../context.js';
import { igeArea } from './ige.js';

export const AREAS: readonly ((ctx: GenerationContext) => Area)[] = [igeArea];
