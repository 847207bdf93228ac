// Key picture vectors (R8.2): key.picture draws a key_hash as the grid both users compare — 36 bytes
// → 12×12, the legacy 16 bytes → 8×8, two bits per pixel taken least significant first, rows top to
// bottom, palette #FFFFFF #D5E6F3 #2D5775 #2F99C9. Cross-checked by a transcription of Android's
// IdenticonDrawable (signed Java bytes, a bit pointer stepping by two, ARGB colour ints) written
// here, not the reference's keyHashGrid.
import { loadKnownAnswers } from '@conform/known-answers';
import { keyHashGrid, KEY_VISUAL_PALETTE } from '@conform/reference';
import { draftTest, type Area, type CrossChecker, type DraftGroup, type DraftTest } from '../area.js';
import { fromHex, toHex, type GenerationContext } from '../context.js';

const GROUP = {
  type: 'KeyPictureTest',
  op: 'key.picture',
  inputs: { key_hash: 'key_hash' },
  outputs: { side: 'side', rows: 'rows', palette: 'palette' },
};

const ANDROID_SOURCE =
  'https://github.com/DrKLO/Telegram/blob/master/TMessagesProj/src/main/java/org/telegram/ui/Components/IdenticonDrawable.java';

export function keyPictureArea(ctx: GenerationContext): Area {
  const sample = loadKnownAnswers('dh-official-sample.json');
  const rng = ctx.rng('key-picture');
  const palette = KEY_VISUAL_PALETTE.map((colour) => colour.slice(1));

  const picture = (keyHash: Uint8Array) => {
    const grid = keyHashGrid(keyHash);
    return { side: grid.length, rows: grid.map((row) => row.join('')), palette };
  };
  const valid = (key: string, comment: string, flags: string[], keyHash: Uint8Array): DraftTest =>
    draftTest('valid', key, comment, flags, { key_hash: toHex(keyHash), ...picture(keyHash) });

  const official = fromHex(sample.key_hash);
  const known = [
    valid(
      'official',
      'key_hash of the official sample auth_key (spec §9.1): its 12×12 picture',
      ['KnownHash'],
      official,
    ),
    valid(
      'official-legacy',
      'the first 16 bytes of the official key_hash, as a chat below layer 46 shows them: an 8×8 picture',
      ['LegacyHash'],
      official.subarray(0, 16),
    ),
  ];

  const generated: DraftTest[] = [
    valid(
      'bit-order',
      'every byte 0x1b = 0b00011011: pixels 3, 2, 1, 0 when the two-bit groups are read least significant first',
      ['BitOrder'],
      new Uint8Array(36).fill(0x1b),
    ),
    valid(
      'bit-order-legacy',
      'every byte 0xe4 = 0b11100100 in a legacy hash: pixels 0, 1, 2, 3 in each group of four',
      ['BitOrder', 'LegacyHash'],
      new Uint8Array(16).fill(0xe4),
    ),
    valid(
      'first-row',
      'only the first three bytes set: pixels 0..11 (the first row, left to right) and nothing else',
      ['RowMajor'],
      Uint8Array.from([0xff, 0x93, 0x27, ...new Array<number>(33).fill(0)]),
    ),
    valid(
      'last-pixel',
      'only the top two bits of byte 35 set: the bottom-right pixel is colour 2, every other pixel 0',
      ['RowMajor'],
      Uint8Array.from([...new Array<number>(35).fill(0), 0x80]),
    ),
    valid(
      'high-bit-bytes',
      'bytes ≥ 0x80 throughout: a signed byte shifted right must still give its own top two bits',
      ['SignedBytes'],
      Uint8Array.from({ length: 36 }, (_, i) => 0x80 | ((i * 37) & 0x7f)),
    ),
  ];
  for (let i = 0; i < 3; i++) {
    generated.push(valid(`random-${i}`, 'pseudorandom 36-byte key_hash', ['Pseudorandom'], rng(36)));
  }
  generated.push(valid('random-legacy', 'pseudorandom 16-byte legacy key_hash', ['LegacyHash'], rng(16)));

  const malformed: DraftTest[] = [];
  for (const length of [0, 15, 17, 20, 32, 35, 37, 72]) {
    malformed.push(
      draftTest('invalid', `hash-${length}-bytes`, `key_hash of ${length} bytes`, ['WrongHashLength'], {
        key_hash: toHex(rng(length)),
      }),
    );
  }

  const groups: DraftGroup[] = [
    { ...GROUP, source: sample.source, tests: known },
    { ...GROUP, tests: generated },
    { ...GROUP, error: 'bad_input', tests: malformed },
  ];

  return {
    file: 'key_picture_test.json',
    algorithm: 'KEY-PICTURE',
    schema: 'key_picture_test_schema_v1.json',
    header: [
      'The picture a secret chat shows for its key (docs/spec.md R8.2): key.picture turns a key_hash (key.visual) into a grid of palette indices.',
      'side is 12 for the 36-byte hash and 8 for the legacy 16-byte one; rows are the grid top to bottom, each a string of side digits 0..3, left to right.',
      'Pixel k (row-major) is (key_hash[k / 4] >> 2·(k % 4)) & 3; palette gives the colours of indices 0..3 as RRGGBB. Other hash lengths must fail with bad_input.',
    ],
    notes: {
      KnownHash: {
        bugType: 'KNOWN_ANSWER',
        description:
          "The picture of the official sample key_hash (spec §9.1), drawn with Android's rule; its source is the key_hash, the picture itself is derived.",
        rules: ['R8.2'],
        links: ['https://core.telegram.org/mtproto/samples-auth_key', ANDROID_SOURCE],
      },
      LegacyHash: {
        bugType: 'EDGE_CASE',
        description:
          'A 16-byte key_hash (a chat that never reached layer 46) is drawn 8×8, not padded to 12×12 or refused.',
        rules: ['R8.2', 'R8.1'],
        links: [ANDROID_SOURCE],
      },
      BitOrder: {
        bugType: 'WRONG_PRIMITIVE',
        description:
          'Two-bit groups come from the least significant bits of each byte first (Android getBits; spec Q13). Catches pictures drawn most significant bits first, which the peer shows differently.',
        rules: ['R8.2'],
        links: [ANDROID_SOURCE],
      },
      RowMajor: {
        bugType: 'WRONG_PRIMITIVE',
        description:
          'Pixels fill rows left to right, top to bottom. Catches a transposed (column-major) or mirrored picture.',
        rules: ['R8.2'],
        links: [ANDROID_SOURCE],
      },
      SignedBytes: {
        bugType: 'EDGE_CASE',
        description:
          'Bytes with the top bit set: languages with signed bytes (Java, C char) must mask after shifting. Catches sign extension leaking into pixel values.',
        rules: ['R8.2'],
      },
      Pseudorandom: {
        bugType: 'BASIC',
        description: 'Pseudorandom hashes: any error in the bit order, the grid order or the palette shows.',
        rules: ['R8.2'],
      },
      WrongHashLength: {
        bugType: 'MALFORMED_INPUT',
        description:
          'Only 36-byte and 16-byte key hashes have a picture; other lengths are refused with bad_input.',
        rules: ['R8.2', 'R8.1'],
      },
    },
    groups,
    crossCheckers: [androidChecker()],
  };
}

/**
 * Android's renderer, transcribed from its description in spec R8.2: Java bytes are signed, getBits(i)
 * is (data[i / 8] >> (i % 8)) & 3 with i stepping by two, and colours are ARGB ints. Different code
 * from the reference's keyHashGrid (which reads unsigned bytes by pixel index).
 */
function androidChecker(): CrossChecker {
  // Android's colour ints for indices 0..3: -1, 0xffd5e6f3, 0xff2d5775, 0xff2f99c9 as signed ints.
  const ANDROID_COLOURS = [-1, -2758925, -13805707, -13657655];
  const rgb = (argb: number) => ((argb >>> 0) & 0xffffff).toString(16).padStart(6, '0');
  return {
    implementation:
      "a transcription of Android's IdenticonDrawable (signed bytes, bit pointer stepping by 2, ARGB colour ints) in the generator",
    covers: 'key.picture, every test (invalid: key_hash neither 16 nor 36 bytes)',
    check(_group, t) {
      const data = Int8Array.from(fromHex(t.fields.key_hash as string));
      const side = data.length === 16 ? 8 : data.length === 36 ? 12 : 0;
      if (t.result !== 'valid') return side === 0;
      if (side === 0) return false;
      const rows: string[] = [];
      let bitPointer = 0;
      for (let y = 0; y < side; y++) {
        let row = '';
        for (let x = 0; x < side; x++) {
          row += String(Math.abs((data[Math.trunc(bitPointer / 8)]! >> (bitPointer % 8)) & 3) % 4);
          bitPointer += 2;
        }
        rows.push(row);
      }
      const palette = ANDROID_COLOURS.map(rgb);
      return (
        t.fields.side === side &&
        JSON.stringify(t.fields.rows) === JSON.stringify(rows) &&
        JSON.stringify(t.fields.palette) === JSON.stringify(palette)
      );
    },
  };
}
