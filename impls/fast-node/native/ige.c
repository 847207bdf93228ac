/*
 * AES-256-IGE (R1.2) on AES-NI, for fast-node's native path (src/native.ts loads it, checks it
 * against the TypeScript path once, and falls back to that path when anything is amiss).
 *
 * Exports:
 *   aesni                 true when this build has the AES-NI code and the CPU runs it
 *   reason                why not, when aesni is false
 *   igeEncrypt(key, iv, data, out)   out = IGE encryption of data     (all Uint8Array;
 *   igeDecrypt(key, iv, data, out)   out = IGE decryption of data      key 32, iv 32, data = out
 *                                                                      = 16·k bytes, not aliased)
 * Misuse throws a TypeError or RangeError naming the argument; nothing here can crash the process.
 *
 * R1.2, the convention: iv[0:16] is c_0 (the "previous ciphertext"), iv[16:32] is m_0 (the
 * "previous plaintext"); for blocks i = 1..n
 *   encrypt: c_i = E(m_i ^ c_{i-1}) ^ m_{i-1}
 *   decrypt: m_i = D(c_i ^ m_{i-1}) ^ c_{i-1}
 * Both are one sequential chain of block cipher calls, so the speed is the latency of 14 AES rounds
 * per block. The XORs between blocks are moved off that chain: AESENCLAST(x, k) ^ t equals
 * AESENCLAST(x, k ^ t) (the last round ends with AddRoundKey), so the whitening of block i+1 and
 * the chaining XORs are folded into block i's last round key, computed while the rounds run.
 *
 * Written from FIPS-197 (§5.2 key expansion, §5.3.5 the equivalent inverse cipher) and Intel's
 * "Advanced Encryption Standard (AES) New Instructions Set" white paper (AESKEYGENASSIST, AESIMC).
 * Not a hardened implementation: the key schedule is wiped, nothing more.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__x86_64__) || defined(__i386__)
#define CONFORM_X86 1
#include <emmintrin.h>
#include <wmmintrin.h>
#endif

#define BLOCK 16
#define ROUNDS 14

#ifdef CONFORM_X86

/*
 * FIPS-197 §5.2 with Nk = 8: round key j is words w[4j..4j+3]. For even j its first word takes
 * SubWord(RotWord(w[4j-1])) ^ Rcon; AESKEYGENASSIST(k_{j-1}, rcon) holds exactly that in its word 3.
 * For odd j it takes SubWord(w[4j-1]), word 2 of AESKEYGENASSIST (the rcon is unused there). The
 * other words are running XORs of k_{j-2}: the three shift-and-XOR steps.
 */
static inline __m128i next_round_key(__m128i two_back, __m128i assist_word) {
  two_back = _mm_xor_si128(two_back, _mm_slli_si128(two_back, 4));
  two_back = _mm_xor_si128(two_back, _mm_slli_si128(two_back, 4));
  two_back = _mm_xor_si128(two_back, _mm_slli_si128(two_back, 4));
  return _mm_xor_si128(two_back, assist_word);
}

/* AESKEYGENASSIST needs its round constant as an immediate: one macro step per even round key. */
#define EXPAND_PAIR(j, rcon)                                                                         \
  k[j] = next_round_key(k[(j) - 2], _mm_shuffle_epi32(_mm_aeskeygenassist_si128(k[(j) - 1], rcon), 0xff)); \
  if ((j) + 1 <= ROUNDS)                                                                             \
    k[(j) + 1] = next_round_key(k[(j) - 1], _mm_shuffle_epi32(_mm_aeskeygenassist_si128(k[j], 0), 0xaa));

static void expand_key(const uint8_t key[32], __m128i k[ROUNDS + 1]) {
  k[0] = _mm_loadu_si128((const __m128i *)key);
  k[1] = _mm_loadu_si128((const __m128i *)(key + 16));
  EXPAND_PAIR(2, 0x01)
  EXPAND_PAIR(4, 0x02)
  EXPAND_PAIR(6, 0x04)
  EXPAND_PAIR(8, 0x08)
  EXPAND_PAIR(10, 0x10)
  EXPAND_PAIR(12, 0x20)
  EXPAND_PAIR(14, 0x40)
}

static void wipe_schedule(__m128i k[ROUNDS + 1]) {
  volatile __m128i *wipe = k;
  for (int r = 0; r <= ROUNDS; r++) wipe[r] = _mm_setzero_si128();
}

/*
 * The equivalent inverse cipher's schedule (FIPS-197 §5.3.5): the encryption round keys in reverse,
 * the middle thirteen through InvMixColumns (AESIMC), so that AESDEC's order (InvShiftRows,
 * InvSubBytes, InvMixColumns, then AddRoundKey) decrypts.
 */
static void expand_decryption_key(const uint8_t key[32], __m128i dk[ROUNDS + 1]) {
  __m128i k[ROUNDS + 1];
  expand_key(key, k);
  dk[0] = k[ROUNDS];
  for (int r = 1; r < ROUNDS; r++) dk[r] = _mm_aesimc_si128(k[ROUNDS - r]);
  dk[ROUNDS] = k[0];
  wipe_schedule(k);
}

/* Rounds 1..13 of the cipher on an already whitened state. */
static inline __m128i encrypt_middle(__m128i s, const __m128i k[ROUNDS + 1]) {
  for (int r = 1; r < ROUNDS; r++) s = _mm_aesenc_si128(s, k[r]);
  return s;
}

static inline __m128i decrypt_middle(__m128i s, const __m128i dk[ROUNDS + 1]) {
  for (int r = 1; r < ROUNDS; r++) s = _mm_aesdec_si128(s, dk[r]);
  return s;
}

#define LOAD(p) _mm_loadu_si128((const __m128i *)(p))
#define STORE(p, v) _mm_storeu_si128((__m128i *)(p), (v))
#define XOR _mm_xor_si128

/*
 * Encryption. s_i = m_i ^ c_{i-1} ^ k_0 is block i's whitened input. Since
 * c_i = y_i ^ m_{i-1} with y_i = E(m_i ^ c_{i-1}),
 *   s_{i+1} = y_i ^ (m_{i-1} ^ m_{i+1} ^ k_0) = AESENCLAST(middle(s_i), k_14 ^ m_{i-1} ^ m_{i+1} ^ k_0)
 * and c_i = s_{i+1} ^ m_{i+1} ^ k_0: the chain is the AES instructions alone.
 */
static void ige_encrypt(const uint8_t *key, const uint8_t *iv, const uint8_t *in, uint8_t *out, size_t n) {
  if (n == 0) return;
  __m128i k[ROUNDS + 1];
  expand_key(key, k);
  const size_t blocks = n / BLOCK;
  __m128i m_prev = LOAD(iv + BLOCK);
  __m128i m = LOAD(in);
  __m128i s = XOR(XOR(m, LOAD(iv)), k[0]);
  for (size_t i = 0; i + 1 < blocks; i++) {
    const __m128i m_next = LOAD(in + (i + 1) * BLOCK);
    const __m128i next_white = XOR(m_next, k[0]);
    s = _mm_aesenclast_si128(encrypt_middle(s, k), XOR(k[ROUNDS], XOR(m_prev, next_white)));
    STORE(out + i * BLOCK, XOR(s, next_white));
    m_prev = m;
    m = m_next;
  }
  const __m128i y = _mm_aesenclast_si128(encrypt_middle(s, k), k[ROUNDS]);
  STORE(out + (blocks - 1) * BLOCK, XOR(y, m_prev));
  wipe_schedule(k);
}

/*
 * Decryption, the same fold with D: s_i = c_i ^ m_{i-1} ^ dk_0 is block i's whitened input and
 * m_i = D(...) ^ c_{i-1}, so
 *   s_{i+1} = AESDECLAST(middle(s_i), dk_14 ^ c_{i-1} ^ c_{i+1} ^ dk_0),  m_i = s_{i+1} ^ c_{i+1} ^ dk_0.
 */
static void ige_decrypt(const uint8_t *key, const uint8_t *iv, const uint8_t *in, uint8_t *out, size_t n) {
  if (n == 0) return;
  __m128i dk[ROUNDS + 1];
  expand_decryption_key(key, dk);
  const size_t blocks = n / BLOCK;
  __m128i c_prev = LOAD(iv);
  __m128i c = LOAD(in);
  __m128i s = XOR(XOR(c, LOAD(iv + BLOCK)), dk[0]);
  for (size_t i = 0; i + 1 < blocks; i++) {
    const __m128i c_next = LOAD(in + (i + 1) * BLOCK);
    const __m128i next_white = XOR(c_next, dk[0]);
    s = _mm_aesdeclast_si128(decrypt_middle(s, dk), XOR(dk[ROUNDS], XOR(c_prev, next_white)));
    STORE(out + i * BLOCK, XOR(s, next_white));
    c_prev = c;
    c = c_next;
  }
  const __m128i z = _mm_aesdeclast_si128(decrypt_middle(s, dk), dk[ROUNDS]);
  STORE(out + (blocks - 1) * BLOCK, XOR(z, c_prev));
  wipe_schedule(dk);
}

/* The CPU, not the compiler, decides: CPUID's AES flag (and SSE4.1, which the flags allow GCC). */
static const char *unavailable_reason(void) {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("aes")) return "the CPU has no AES-NI";
  if (!__builtin_cpu_supports("sse4.1")) return "the CPU has no SSE4.1";
  return NULL;
}

#else

static const char *unavailable_reason(void) { return "not an x86 build: no AES-NI code compiled"; }

#endif

static const char *reason = NULL;

/* A Uint8Array argument's bytes and length; false (with a TypeError pending) when it is not one. */
static bool bytes_arg(napi_env env, napi_value value, const char *name, uint8_t **bytes, size_t *length) {
  bool is_typedarray = false;
  napi_typedarray_type type = napi_int8_array;
  void *data = NULL;
  if (napi_is_typedarray(env, value, &is_typedarray) != napi_ok || !is_typedarray ||
      napi_get_typedarray_info(env, value, &type, length, &data, NULL, NULL) != napi_ok ||
      type != napi_uint8_array) {
    char message[64];
    snprintf(message, sizeof message, "\"%s\" expected Uint8Array", name);
    napi_throw_type_error(env, NULL, message);
    return false;
  }
  *bytes = data;
  return true;
}

typedef void (*ige_fn)(const uint8_t *, const uint8_t *, const uint8_t *, uint8_t *, size_t);

static napi_value run(napi_env env, napi_callback_info info, ige_fn fn) {
  size_t argc = 4;
  napi_value argv[4];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  if (reason != NULL) {
    napi_throw_error(env, NULL, reason);
    return NULL;
  }
  if (argc < 4) {
    napi_throw_type_error(env, NULL, "expected (key, iv, data, out)");
    return NULL;
  }
  size_t key_len = 0, iv_len = 0, data_len = 0, out_len = 0;
  uint8_t *key = NULL, *iv = NULL, *data = NULL, *out = NULL;
  if (!bytes_arg(env, argv[0], "key", &key, &key_len) || !bytes_arg(env, argv[1], "iv", &iv, &iv_len) ||
      !bytes_arg(env, argv[2], "data", &data, &data_len) || !bytes_arg(env, argv[3], "out", &out, &out_len)) {
    return NULL;
  }
  char message[128];
  if (key_len != 32) {
    snprintf(message, sizeof message, "\"key\" expected Uint8Array of length 32, got length=%zu", key_len);
  } else if (iv_len != 32) {
    snprintf(message, sizeof message, "\"iv\" expected Uint8Array of length 32, got length=%zu", iv_len);
  } else if (data_len % BLOCK != 0) {
    snprintf(message, sizeof message,
             "\"data\" expected Uint8Array of a multiple of 16 bytes, got length=%zu", data_len); /* R1.3 */
  } else if (out_len != data_len) {
    snprintf(message, sizeof message, "\"out\" expected Uint8Array of length %zu, got length=%zu",
             data_len, out_len);
  } else if (data_len != 0 && (out + out_len > data && data + data_len > out)) {
    snprintf(message, sizeof message, "\"out\" expected memory apart from \"data\"");
  } else {
#ifdef CONFORM_X86
    fn(key, iv, data, out, data_len);
#else
    (void)fn;
    (void)key;
    (void)iv;
#endif
    return NULL;
  }
  napi_throw_range_error(env, NULL, message);
  return NULL;
}

#ifdef CONFORM_X86
static napi_value js_encrypt(napi_env env, napi_callback_info info) { return run(env, info, ige_encrypt); }
static napi_value js_decrypt(napi_env env, napi_callback_info info) { return run(env, info, ige_decrypt); }
#else
static napi_value js_encrypt(napi_env env, napi_callback_info info) { return run(env, info, NULL); }
static napi_value js_decrypt(napi_env env, napi_callback_info info) { return run(env, info, NULL); }
#endif

NAPI_MODULE_INIT() {
  reason = unavailable_reason();
  napi_value aesni, why, encrypt, decrypt;
  if (napi_get_boolean(env, reason == NULL, &aesni) != napi_ok) return NULL;
  if (reason == NULL) {
    napi_get_undefined(env, &why);
  } else if (napi_create_string_utf8(env, reason, NAPI_AUTO_LENGTH, &why) != napi_ok) {
    return NULL;
  }
  if (napi_create_function(env, "igeEncrypt", NAPI_AUTO_LENGTH, js_encrypt, NULL, &encrypt) != napi_ok ||
      napi_create_function(env, "igeDecrypt", NAPI_AUTO_LENGTH, js_decrypt, NULL, &decrypt) != napi_ok ||
      napi_set_named_property(env, exports, "aesni", aesni) != napi_ok ||
      napi_set_named_property(env, exports, "reason", why) != napi_ok ||
      napi_set_named_property(env, exports, "igeEncrypt", encrypt) != napi_ok ||
      napi_set_named_property(env, exports, "igeDecrypt", decrypt) != napi_ok) {
    return NULL;
  }
  return exports;
}
