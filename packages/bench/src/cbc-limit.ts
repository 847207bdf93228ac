// node:crypto AES-256-CBC encryption, one thread, in-process, measured in the same run on the same
// machine: Node's crypto is OpenSSL, whose AES-256-CBC encryption uses AES-NI where the CPU has it. It is
// one of the candidates for the limit (run-bench.ts), the only one where no native baseline is built.
import { createCipheriv } from 'node:crypto';
import { timeWithTinybench } from './harness-timer.js';
import { seededRng } from './inputs.js';
import type { BaselinePoint, BaselineSeries } from './record.js';
import { figureOf } from './stats.js';

export const CBC_LIMIT_NAME = 'node:crypto AES-256-CBC encrypt';

/**
 * One message: a fresh cipher (key schedule included, as an IGE call has), update, final; no padding.
 * A size that is not whole blocks is rounded up to whole blocks.
 */
export function cbcEncryptOnce(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

export async function measureCbcLimit(
  sizes: readonly number[],
  options: { readonly timeMs: number; readonly minSamples: number; readonly seed: string },
): Promise<BaselineSeries> {
  const points: BaselinePoint[] = [];
  for (const size of sizes) {
    const rng = seededRng(options.seed, `cbc-limit/${size}`);
    const [key, iv, data] = [rng(32), rng(16), rng(Math.ceil(size / 16) * 16)];
    const { samples, batch } = await timeWithTinybench(
      `aes-256-cbc ${size}`,
      () => cbcEncryptOnce(key, iv, data),
      {
        timeMs: options.timeMs,
        minSamples: options.minSamples,
      },
    );
    const figure = figureOf(samples, batch, size, undefined);
    points.push({ size, ...figure, ratio_to_limit: 1 });
  }
  return {
    name: CBC_LIMIT_NAME,
    description: `AES-256-CBC encryption with node:crypto (OpenSSL ${process.versions.openssl ?? '?'}), one thread, in-process; a fresh cipher a message; timed with tinybench`,
    points,
  };
}
