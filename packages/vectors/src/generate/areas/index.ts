// Every vector area, in the order files are generated.
import type { Area } from '../area.js';
import type { GenerationContext } from '../context.js';
import { callEmojiArea } from './call-emoji.js';
import { chatArea } from './chat.js';
import { dhKeyArea } from './dh-key.js';
import { dhParamsArea } from './dh-params.js';
import { dhPublicArea } from './dh-public.js';
import { e2eDecryptArea } from './e2e-decrypt.js';
import { e2eEncryptArea } from './e2e-encrypt.js';
import { igeArea } from './ige.js';
import { keyPictureArea } from './key-picture.js';
import { keyVisualArea } from './key-visual.js';
import { mtproto2Area } from './mtproto2.js';
import { tlApiArea } from './tl-api.js';
import { tlArea } from './tl.js';

export const AREAS: readonly ((ctx: GenerationContext) => Area | Promise<Area>)[] = [
  igeArea,
  mtproto2Area,
  e2eEncryptArea,
  e2eDecryptArea,
  tlArea,
  tlApiArea,
  dhParamsArea,
  dhPublicArea,
  dhKeyArea,
  keyVisualArea,
  keyPictureArea,
  callEmojiArea,
  chatArea,
];
