/*
 * bench-native: the native baselines of `conform bench` (packages/bench/README.md), one thread:
 *
 *   evp-aes-256-cbc     OpenSSL EVP AES-256-CBC encryption (AES-NI inside OpenSSL where the CPU has it)
 *   aesni-ige-encrypt   AES-256-IGE encryption written here with AES-NI intrinsics (R1.2)
 *   aesni-ige-decrypt   AES-256-IGE decryption, likewise
 *
 * Each message is a whole call with its own key schedule, as an IGE call of an implementation is
 * (R1.4: nothing chains between messages). Built by the harness through the Makefile: WITH_EVP needs
 * OpenSSL's headers and libcrypto, WITH_AESNI an x86 compiler with -maes (and a CPU with AES-NI to run).
 *
 *   bench-native algos                          the algorithms this build has, one a line
 *   bench-native check ALGO KEY IV DATA         one message, hex in and out (the harness checks the
 *                                               IGE ones against the reference before timing them)
 *   bench-native run TIME_MS MIN_SAMPLES SIZE…  per algorithm and size, one JSON line:
 *       {"algo":…,"size":…,"iterations":N,"elapsed_ns":[…]}
 *     N is calibrated so one sample takes 20–50 ms; samples are taken for TIME_MS (at least
 *     MIN_SAMPLES of them, at most 3 × TIME_MS).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef WITH_EVP
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#endif
#ifdef WITH_AESNI
#include <wmmintrin.h>
#include <emmintrin.h>
#endif

#define SAMPLE_MIN_NS 20000000.0
#define SAMPLE_MAX_NS 50000000.0
#define SAMPLE_TARGET_NS 30000000.0
#define MAX_ITERATIONS 1000000L
#define MAX_SAMPLES 4096

typedef int (*cipher_fn)(const uint8_t *key, const uint8_t *iv, const uint8_t *in, uint8_t *out, size_t n);

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* ---- OpenSSL EVP AES-256-CBC ---- */
#ifdef WITH_EVP
static EVP_CIPHER_CTX *evp_ctx;
static const EVP_CIPHER *evp_cbc;

static int evp_cbc_encrypt(const uint8_t *key, const uint8_t *iv, const uint8_t *in, uint8_t *out, size_t n) {
  int len = 0, fin = 0;
  /* A fresh key schedule and IV every message, as node:crypto's createCipheriv has. */
  if (EVP_EncryptInit_ex(evp_ctx, evp_cbc, NULL, key, iv) != 1) return -1;
  EVP_CIPHER_CTX_set_padding(evp_ctx, 0);
  if (EVP_EncryptUpdate(evp_ctx, out, &len, in, (int)n) != 1) return -1;
  if (EVP_EncryptFinal_ex(evp_ctx, out + len, &fin) != 1) return -1;
  return len + fin == (int)n ? 0 : -1;
}
#endif

/* ---- AES-256 with AES-NI, and IGE on it ---- */
#ifdef WITH_AESNI
/* AES-256 key expansion with AESKEYGENASSIST (Intel's AES-NI white paper, fig. 28). */
static __m128i assist_1(__m128i t1, __m128i t2) {
  __m128i t4;
  t2 = _mm_shuffle_epi32(t2, 0xff);
  t4 = _mm_slli_si128(t1, 4);
  t1 = _mm_xor_si128(t1, t4);
  t4 = _mm_slli_si128(t4, 4);
  t1 = _mm_xor_si128(t1, t4);
  t4 = _mm_slli_si128(t4, 4);
  t1 = _mm_xor_si128(t1, t4);
  return _mm_xor_si128(t1, t2);
}

static __m128i assist_2(__m128i t1, __m128i t3) {
  __m128i t2, t4;
  t4 = _mm_aeskeygenassist_si128(t1, 0x0);
  t2 = _mm_shuffle_epi32(t4, 0xaa);
  t4 = _mm_slli_si128(t3, 4);
  t3 = _mm_xor_si128(t3, t4);
  t4 = _mm_slli_si128(t4, 4);
  t3 = _mm_xor_si128(t3, t4);
  t4 = _mm_slli_si128(t4, 4);
  t3 = _mm_xor_si128(t3, t4);
  return _mm_xor_si128(t3, t2);
}

/* The round-constant argument of AESKEYGENASSIST must be an immediate, hence a macro. */
#define EXPAND_PAIR(i, rcon)                                          \
  do {                                                                \
    t1 = assist_1(t1, _mm_aeskeygenassist_si128(t3, rcon));           \
    ks[i] = t1;                                                       \
    t3 = assist_2(t1, t3);                                            \
    ks[(i) + 1] = t3;                                                 \
  } while (0)

static void aes256_expand(const uint8_t *key, __m128i ks[15]) {
  __m128i t1 = _mm_loadu_si128((const __m128i *)key);
  __m128i t3 = _mm_loadu_si128((const __m128i *)(key + 16));
  ks[0] = t1;
  ks[1] = t3;
  EXPAND_PAIR(2, 0x01);
  EXPAND_PAIR(4, 0x02);
  EXPAND_PAIR(6, 0x04);
  EXPAND_PAIR(8, 0x08);
  EXPAND_PAIR(10, 0x10);
  EXPAND_PAIR(12, 0x20);
  ks[14] = assist_1(t1, _mm_aeskeygenassist_si128(t3, 0x40));
}

/* The Equivalent Inverse Cipher's schedule: reversed, InvMixColumns on the middle round keys. */
static void aes256_decryption_keys(const __m128i ks[15], __m128i dk[15]) {
  dk[0] = ks[14];
  for (int i = 1; i < 14; i++) dk[i] = _mm_aesimc_si128(ks[14 - i]);
  dk[14] = ks[0];
}

static inline __m128i aes_encrypt_block(const __m128i ks[15], __m128i x) {
  x = _mm_xor_si128(x, ks[0]);
  for (int r = 1; r < 14; r++) x = _mm_aesenc_si128(x, ks[r]);
  return _mm_aesenclast_si128(x, ks[14]);
}

static inline __m128i aes_decrypt_block(const __m128i dk[15], __m128i x) {
  x = _mm_xor_si128(x, dk[0]);
  for (int r = 1; r < 14; r++) x = _mm_aesdec_si128(x, dk[r]);
  return _mm_aesdeclast_si128(x, dk[14]);
}

/*
 * R1.2: iv[0:16] is the previous ciphertext block c_0, iv[16:32] the previous plaintext block m_0.
 *   encrypt: c_i = AES_enc(m_i XOR c_{i-1}) XOR m_{i-1}
 *   decrypt: m_i = AES_dec(c_i XOR m_{i-1}) XOR c_{i-1}
 */
static int ige_encrypt(const uint8_t *key, const uint8_t *iv, const uint8_t *in, uint8_t *out, size_t n) {
  __m128i ks[15];
  aes256_expand(key, ks);
  __m128i prev_c = _mm_loadu_si128((const __m128i *)iv);
  __m128i prev_m = _mm_loadu_si128((const __m128i *)(iv + 16));
  for (size_t off = 0; off < n; off += 16) {
    __m128i m = _mm_loadu_si128((const __m128i *)(in + off));
    __m128i c = _mm_xor_si128(aes_encrypt_block(ks, _mm_xor_si128(m, prev_c)), prev_m);
    _mm_storeu_si128((__m128i *)(out + off), c);
    prev_c = c;
    prev_m = m;
  }
  return 0;
}

static int ige_decrypt(const uint8_t *key, const uint8_t *iv, const uint8_t *in, uint8_t *out, size_t n) {
  __m128i ks[15], dk[15];
  aes256_expand(key, ks);
  aes256_decryption_keys(ks, dk);
  __m128i prev_c = _mm_loadu_si128((const __m128i *)iv);
  __m128i prev_m = _mm_loadu_si128((const __m128i *)(iv + 16));
  for (size_t off = 0; off < n; off += 16) {
    __m128i c = _mm_loadu_si128((const __m128i *)(in + off));
    __m128i m = _mm_xor_si128(aes_decrypt_block(dk, _mm_xor_si128(c, prev_m)), prev_c);
    _mm_storeu_si128((__m128i *)(out + off), m);
    prev_c = c;
    prev_m = m;
  }
  return 0;
}
#endif

struct algo {
  const char *name;
  cipher_fn fn;
  size_t iv_length;
};

static const struct algo ALGOS[] = {
#ifdef WITH_EVP
    {"evp-aes-256-cbc", evp_cbc_encrypt, 16},
#endif
#ifdef WITH_AESNI
    {"aesni-ige-encrypt", ige_encrypt, 32},
    {"aesni-ige-decrypt", ige_decrypt, 32},
#endif
    {NULL, NULL, 0},
};

static const struct algo *find_algo(const char *name) {
  for (const struct algo *a = ALGOS; a->name != NULL; a++)
    if (strcmp(a->name, name) == 0) return a;
  return NULL;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes hex into a new buffer; -1 on odd length or a non-hex character. */
static long from_hex(const char *text, uint8_t **out) {
  size_t len = strlen(text);
  if (len % 2 != 0) return -1;
  *out = malloc(len / 2 + 1);
  if (*out == NULL) return -1;
  for (size_t i = 0; i < len / 2; i++) {
    int hi = hex_value(text[2 * i]), lo = hex_value(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return -1;
    (*out)[i] = (uint8_t)(hi << 4 | lo);
  }
  return (long)(len / 2);
}

static int check(const char *name, const char *key_hex, const char *iv_hex, const char *data_hex) {
  const struct algo *a = find_algo(name);
  if (a == NULL) {
    fprintf(stderr, "bench-native: no algorithm %s in this build\n", name);
    return 2;
  }
  uint8_t *key, *iv, *data;
  long key_len = from_hex(key_hex, &key), iv_len = from_hex(iv_hex, &iv), n = from_hex(data_hex, &data);
  if (key_len != 32 || iv_len != (long)a->iv_length || n < 0 || n % 16 != 0) {
    fprintf(stderr, "bench-native: check expects a 32-byte key, a %zu-byte iv and whole blocks of data\n",
            a->iv_length);
    return 2;
  }
  uint8_t *out = malloc((size_t)n + 16);
  if (out == NULL || a->fn(key, iv, data, out, (size_t)n) != 0) {
    fprintf(stderr, "bench-native: %s failed\n", name);
    return 1;
  }
  for (long i = 0; i < n; i++) printf("%02x", out[i]);
  printf("\n");
  free(key), free(iv), free(data), free(out);
  return 0;
}

static double time_runs(const struct algo *a, const uint8_t *key, const uint8_t *iv, const uint8_t *in,
                        uint8_t *out, size_t n, long iterations) {
  double start = now_ns();
  for (long i = 0; i < iterations; i++) {
    if (a->fn(key, iv, in, out, n) != 0) return -1;
    /* A compiler barrier: every run is done, none is merged with the next or hoisted out. */
    __asm__ __volatile__("" : : "r"(out) : "memory");
  }
  return now_ns() - start;
}

/* The calibration rule of src/calibrate.ts, so both sides of the comparison sample alike. */
static long calibrate(const struct algo *a, const uint8_t *key, const uint8_t *iv, const uint8_t *in,
                      uint8_t *out, size_t n) {
  long iterations = 1;
  for (int round = 0; round < 12; round++) {
    double elapsed = time_runs(a, key, iv, in, out, n, iterations);
    if (elapsed < 0) return -1;
    if (elapsed >= SAMPLE_MIN_NS && elapsed <= SAMPLE_MAX_NS) return iterations;
    if (elapsed > SAMPLE_MAX_NS && iterations == 1) return iterations;
    if (elapsed < SAMPLE_MIN_NS && iterations == MAX_ITERATIONS) return iterations;
    double per_run = (elapsed > 1 ? elapsed : 1) / (double)iterations;
    double next = SAMPLE_TARGET_NS / per_run + 0.5;
    if (elapsed < 1e6 && next > (double)iterations * 1000) next = (double)iterations * 1000;
    if (next > MAX_ITERATIONS) next = MAX_ITERATIONS;
    iterations = next < 1 ? 1 : (long)next;
  }
  return iterations;
}

static int run(double time_ms, int min_samples, int sizes_count, char **sizes) {
  uint8_t key[32], iv[32];
  uint64_t x = 0x9e3779b97f4a7c15ULL; /* xorshift64: the bytes do not matter, only their count */
  for (int i = 0; i < 32; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    key[i] = (uint8_t)x, iv[i] = (uint8_t)(x >> 8);
  }
  for (int s = 0; s < sizes_count; s++) {
    char *end;
    long size = strtol(sizes[s], &end, 10);
    if (*end != '\0' || size <= 0 || size > 64L * 1024 * 1024) {
      fprintf(stderr, "bench-native: bad size %s\n", sizes[s]);
      return 2;
    }
    size_t n = ((size_t)size + 15) / 16 * 16; /* whole blocks */
    uint8_t *in = malloc(n), *out = malloc(n + 16);
    if (in == NULL || out == NULL) return 1;
    for (size_t i = 0; i < n; i++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      in[i] = (uint8_t)x;
    }
    for (const struct algo *a = ALGOS; a->name != NULL; a++) {
      long iterations = calibrate(a, key, iv, in, out, n);
      if (iterations < 0) {
        fprintf(stderr, "bench-native: %s failed\n", a->name);
        return 1;
      }
      static double samples[MAX_SAMPLES];
      int count = 0;
      double start = now_ns(), budget = time_ms * 1e6;
      while (count < MAX_SAMPLES) {
        double spent = now_ns() - start;
        if (count >= min_samples && spent >= budget) break;
        if (count > 0 && spent >= 3 * budget) break;
        samples[count++] = time_runs(a, key, iv, in, out, n, iterations);
      }
      printf("{\"algo\":\"%s\",\"size\":%ld,\"iterations\":%ld,\"elapsed_ns\":[", a->name, size, iterations);
      for (int i = 0; i < count; i++) printf("%s%.0f", i ? "," : "", samples[i]);
      printf("]}\n");
      fflush(stdout);
    }
    free(in), free(out);
  }
  return 0;
}

int main(int argc, char **argv) {
#ifdef WITH_EVP
  evp_ctx = EVP_CIPHER_CTX_new();
#if OPENSSL_VERSION_MAJOR >= 3
  evp_cbc = EVP_CIPHER_fetch(NULL, "AES-256-CBC", NULL); /* fetched once, not at every init */
#else
  evp_cbc = EVP_aes_256_cbc();
#endif
  if (evp_ctx == NULL || evp_cbc == NULL) {
    fprintf(stderr, "bench-native: OpenSSL has no AES-256-CBC\n");
    return 1;
  }
#endif
  if (argc == 2 && strcmp(argv[1], "algos") == 0) {
    for (const struct algo *a = ALGOS; a->name != NULL; a++) printf("%s\n", a->name);
#ifdef WITH_EVP
    printf("# openssl %s\n", OPENSSL_VERSION_TEXT);
#endif
    return 0;
  }
  if (argc == 6 && strcmp(argv[1], "check") == 0) return check(argv[2], argv[3], argv[4], argv[5]);
  if (argc >= 5 && strcmp(argv[1], "run") == 0) return run(atof(argv[2]), atoi(argv[3]), argc - 4, argv + 4);
  fprintf(stderr, "usage: bench-native algos | check ALGO KEY IV DATA | run TIME_MS MIN_SAMPLES SIZE...\n");
  return 2;
}
