// mtcute's Node crypto provider. @mtcute/core does its cryptography through an ICryptoProvider; on
// Node that is `NodeCryptoProvider` from @mtcute/node (packages/node/src/utils/crypto.ts), which is
// not installed here (its 0.30.3 release pulls a native sqlite build). This class is a transcription
// of it: node:crypto for SHA-1/SHA-256/CTR/HMAC/PBKDF2/deflate, @mtcute/wasm for AES-256-IGE, and
// BaseCryptoProvider (@mtcute/core) for factorizePQ and randomBytes. The only additions are the two
// hooks at the end, through which ops.ts supplies randomness or watches the keys mtcute derives:
// the provider is the injection point mtcute's own tests use (a spied provider, see peers.md).
import { createCipheriv, createHash, createHmac, pbkdf2, randomFillSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync, gunzipSync } from 'node:zlib';
import {
  BaseCryptoProvider,
  type IAesCtr,
  type ICryptoProvider,
  type IEncryptionScheme,
} from '@mtcute/core/utils.js';
import { SIMD_AVAILABLE, ige256Decrypt, ige256Encrypt, initSync } from '@mtcute/wasm';

const require = createRequire(import.meta.url);

export class NodeCryptoProvider extends BaseCryptoProvider implements ICryptoProvider {
  /** When set, every randomFill mtcute asks for is served by this instead of randomFillSync. */
  onRandomFill: ((buf: Uint8Array) => void) | undefined;
  /** When set, sees every (key, iv) pair mtcute derives before it builds an IGE cipher. */
  onCreateAesIge: ((key: Uint8Array, iv: Uint8Array) => void) | undefined;

  constructor() {
    super();
    // NodeCryptoProvider.initialize, made synchronous: the SIMD build of the WebAssembly module
    // where the runtime supports it, as @mtcute/node picks it, handed to initSync as bytes.
    const file = SIMD_AVAILABLE ? 'mtcute-simd.wasm' : 'mtcute.wasm';
    initSync(readFileSync(require.resolve(`@mtcute/wasm/${file}`)));
  }

  createAesCtr(key: Uint8Array, iv: Uint8Array): IAesCtr {
    const cipher = createCipheriv(`aes-${key.length * 8}-ctr`, key, iv);
    return { process: (data: Uint8Array) => cipher.update(data) as Uint8Array };
  }

  pbkdf2(password: Uint8Array, salt: Uint8Array, iterations: number, keylen = 64, algo = 'sha512') {
    return new Promise<Uint8Array>((resolve, reject) =>
      pbkdf2(password, salt, iterations, keylen, algo, (error, buf) =>
        error !== null ? reject(error) : resolve(buf as Uint8Array),
      ),
    );
  }

  sha1(data: Uint8Array): Uint8Array {
    return createHash('sha1').update(data).digest() as Uint8Array;
  }

  sha256(data: Uint8Array): Uint8Array {
    return createHash('sha256').update(data).digest() as Uint8Array;
  }

  hmacSha256(data: Uint8Array, key: Uint8Array): Uint8Array {
    return createHmac('sha256', key).update(data).digest() as Uint8Array;
  }

  gzip(data: Uint8Array, maxSize: number): Uint8Array | null {
    try {
      return deflateSync(data, { maxOutputLength: maxSize }) as Uint8Array;
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return null;
      throw error;
    }
  }

  gunzip(data: Uint8Array): Uint8Array {
    return gunzipSync(data) as Uint8Array;
  }

  randomFill(buf: Uint8Array): void {
    if (this.onRandomFill !== undefined) this.onRandomFill(buf);
    else randomFillSync(buf);
  }

  createAesIge(key: Uint8Array, iv: Uint8Array): IEncryptionScheme {
    this.onCreateAesIge?.(key, iv);
    return {
      encrypt: (data: Uint8Array) => ige256Encrypt(data, key, iv),
      decrypt: (data: Uint8Array) => ige256Decrypt(data, key, iv),
    };
  }
}
