/* The symmetric ops: AES-256-IGE (R1), msg_key and the KDF of MTProto 2.0 (R2), the E2E envelope
 * (R3), and the key fingerprint and visualization (R4.7, R8.1).
 *
 * IGE chaining is written here over AES-256-ECB from OpenSSL's EVP interface, one block at a time;
 * SHA-1 and SHA-256 come from EVP as well.
 *
 * The ops bench times (PROTOCOL.md §8) are workloads (proto.h): `prepare` decodes and checks the
 * arguments and allocates every buffer, `run` computes (the only code in bench's timed loop), and
 * `encode` writes the results. The op is the same three steps with one run (run_workload). */
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <string.h>

#include "proto.h"

/* ---- hashes ---------------------------------------------------------------------------------- */

/* digest(a ‖ b) with the given EVP digest; returns 0 on success. */
static int digest2(const EVP_MD *md, const uint8_t *a, size_t an, const uint8_t *b, size_t bn, uint8_t *out) {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  int ok = ctx != NULL && EVP_DigestInit_ex(ctx, md, NULL) == 1 && EVP_DigestUpdate(ctx, a, an) == 1 &&
           EVP_DigestUpdate(ctx, b, bn) == 1 && EVP_DigestFinal_ex(ctx, out, NULL) == 1;
  EVP_MD_CTX_free(ctx);
  return ok ? 0 : -1;
}

static int sha256_2(const uint8_t *a, size_t an, const uint8_t *b, size_t bn, uint8_t out[32]) {
  return digest2(EVP_sha256(), a, an, b, bn, out);
}

static int sha1(const uint8_t *a, size_t an, uint8_t out[20]) { return digest2(EVP_sha1(), a, an, NULL, 0, out); }

/* ---- AES-256-IGE (R1) ------------------------------------------------------------------------ */

/* R1.2: iv[0:16] is the starting previous-ciphertext block c_0, iv[16:32] the starting
 * previous-plaintext block m_0.
 *   encrypt: c_i = E(m_i ^ c_{i-1}) ^ m_{i-1}
 *   decrypt: m_i = D(c_i ^ m_{i-1}) ^ c_{i-1}
 * R1.3: n is a multiple of 16 (checked by the callers); no padding is added. `in` and `out` may be
 * the same buffer. Returns 0 on success. */
static int ige(int encrypt, const uint8_t key[32], const uint8_t iv[32], const uint8_t *in, uint8_t *out,
               size_t n) {
  uint8_t prev_c[16], prev_m[16], block_in[16], x[16], y[16];
  int ok = 1, len = 0;
  if (n == 0) return 0;
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
  if (ctx == NULL || EVP_CipherInit_ex(ctx, EVP_aes_256_ecb(), NULL, key, NULL, encrypt) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx, 0) != 1) {
    EVP_CIPHER_CTX_free(ctx);
    return -1;
  }
  memcpy(prev_c, iv, 16);
  memcpy(prev_m, iv + 16, 16);
  for (size_t off = 0; off < n && ok; off += 16) {
    memcpy(block_in, in + off, 16);
    for (int i = 0; i < 16; i++) x[i] = block_in[i] ^ (encrypt ? prev_c[i] : prev_m[i]);
    ok = EVP_CipherUpdate(ctx, y, &len, x, 16) == 1 && len == 16;
    for (int i = 0; i < 16; i++) out[off + i] = y[i] ^ (encrypt ? prev_m[i] : prev_c[i]);
    if (encrypt) {
      memcpy(prev_c, out + off, 16);
      memcpy(prev_m, block_in, 16);
    } else {
      memcpy(prev_m, out + off, 16);
      memcpy(prev_c, block_in, 16);
    }
  }
  EVP_CIPHER_CTX_free(ctx);
  OPENSSL_cleanse(x, sizeof x);
  OPENSSL_cleanse(y, sizeof y);
  return ok ? 0 : -1;
}

typedef struct {
  bytes_t key, iv, data;
  uint8_t *result;
} ige_job_t;

static int ige_prepare(req_t *rq, void *j, err_t *err) {
  ige_job_t *job = j;
  if (arg_bytes(rq, "key", AES_LEN, 0, &job->key, err) || arg_bytes(rq, "iv", AES_LEN, 0, &job->iv, err) ||
      arg_bytes(rq, "data", -1, 16, &job->data, err)) /* R1.3: whole blocks only */
    return -1;
  job->result = rq_alloc(rq, job->data.n);
  return job->result != NULL ? 0 : fail(err, "internal", "out of memory");
}

static int ige_run(int encrypt, ige_job_t *job, err_t *err) {
  if (ige(encrypt, job->key.p, job->iv.p, job->data.p, job->result, job->data.n) != 0)
    return fail(err, "internal", "AES failed");
  return 0;
}
static int ige_encrypt_run(void *j, err_t *err) { return ige_run(1, j, err); }
static int ige_decrypt_run(void *j, err_t *err) { return ige_run(0, j, err); }

static void ige_encode(void *j, json_t *out) {
  ige_job_t *job = j;
  set_hex(out, "data", job->result, job->data.n);
}

const workload_t W_IGE_ENCRYPT = {"ige.encrypt", sizeof(ige_job_t), ige_prepare, ige_encrypt_run, ige_encode, NULL};
const workload_t W_IGE_DECRYPT = {"ige.decrypt", sizeof(ige_job_t), ige_prepare, ige_decrypt_run, ige_encode, NULL};

int op_ige_encrypt(req_t *rq, json_t *out, err_t *err) { return run_workload(&W_IGE_ENCRYPT, rq, out, err); }
int op_ige_decrypt(req_t *rq, json_t *out, err_t *err) { return run_workload(&W_IGE_DECRYPT, rq, out, err); }

/* ---- MTProto 2.0 msg_key and KDF (R2) -------------------------------------------------------- */

/* R2.1: msg_key = SHA256(substr(key, 88 + x, 32) ‖ plaintext)[8:24], over the whole padded
 * plaintext (R2.4: the padding is covered too). */
static int msg_key_of(const uint8_t *key, int x, const uint8_t *plaintext, size_t n, uint8_t msg_key[16]) {
  uint8_t large[32];
  if (sha256_2(key + 88 + x, 32, plaintext, n, large) != 0) return -1;
  memcpy(msg_key, large + 8, 16);
  return 0;
}

/* R2.1:
 *   a = SHA256(msg_key ‖ substr(key, x, 36));  b = SHA256(substr(key, 40 + x, 36) ‖ msg_key)
 *   aes_key = a[0:8] ‖ b[8:24] ‖ a[24:32];     aes_iv = b[0:8] ‖ a[8:24] ‖ b[24:32] */
static int kdf_of(const uint8_t *key, int x, const uint8_t msg_key[16], uint8_t aes_key[32], uint8_t aes_iv[32]) {
  uint8_t a[32], b[32];
  if (sha256_2(msg_key, 16, key + x, 36, a) != 0 || sha256_2(key + 40 + x, 36, msg_key, 16, b) != 0) return -1;
  memcpy(aes_key, a, 8);
  memcpy(aes_key + 8, b + 8, 16);
  memcpy(aes_key + 24, a + 24, 8);
  memcpy(aes_iv, b, 8);
  memcpy(aes_iv + 8, a + 8, 16);
  memcpy(aes_iv + 24, b + 24, 8);
  OPENSSL_cleanse(a, sizeof a);
  OPENSSL_cleanse(b, sizeof b);
  return 0;
}

typedef struct {
  bytes_t key, plaintext;
  int x;
  uint8_t msg_key[16];
} msg_key_job_t;

static int msg_key_prepare(req_t *rq, void *j, err_t *err) {
  msg_key_job_t *job = j;
  return arg_bytes(rq, "key", CHAT_KEY_LEN, 0, &job->key, err) || arg_key_offset(rq, &job->x, err) ||
                 arg_bytes(rq, "plaintext", -1, 16, &job->plaintext, err)
             ? -1
             : 0;
}

static int msg_key_run(void *j, err_t *err) {
  msg_key_job_t *job = j;
  if (msg_key_of(job->key.p, job->x, job->plaintext.p, job->plaintext.n, job->msg_key) != 0)
    return fail(err, "internal", "SHA-256 failed");
  return 0;
}

static void msg_key_encode(void *j, json_t *out) {
  msg_key_job_t *job = j;
  set_hex(out, "msg_key", job->msg_key, 16);
}

const workload_t W_MSG_KEY = {"mtproto2.msg_key", sizeof(msg_key_job_t), msg_key_prepare, msg_key_run,
                              msg_key_encode, NULL};

int op_msg_key(req_t *rq, json_t *out, err_t *err) { return run_workload(&W_MSG_KEY, rq, out, err); }

typedef struct {
  bytes_t key, msg_key;
  int x;
  uint8_t aes_key[32], aes_iv[32];
} kdf_job_t;

static int kdf_prepare(req_t *rq, void *j, err_t *err) {
  kdf_job_t *job = j;
  return arg_bytes(rq, "key", CHAT_KEY_LEN, 0, &job->key, err) ||
                 arg_bytes(rq, "msg_key", MSG_KEY_LEN, 0, &job->msg_key, err) || arg_key_offset(rq, &job->x, err)
             ? -1
             : 0;
}

static int kdf_run(void *j, err_t *err) {
  kdf_job_t *job = j;
  if (kdf_of(job->key.p, job->x, job->msg_key.p, job->aes_key, job->aes_iv) != 0)
    return fail(err, "internal", "SHA-256 failed");
  return 0;
}

static void kdf_encode(void *j, json_t *out) {
  kdf_job_t *job = j;
  set_hex(out, "aes_key", job->aes_key, 32);
  set_hex(out, "aes_iv", job->aes_iv, 32);
}

const workload_t W_KDF = {"mtproto2.kdf", sizeof(kdf_job_t), kdf_prepare, kdf_run, kdf_encode, NULL};

int op_kdf(req_t *rq, json_t *out, err_t *err) { return run_workload(&W_KDF, rq, out, err); }

/* ---- the E2E envelope (R3) ------------------------------------------------------------------- */

#define PAD_MIN 12   /* R3.4 */
#define PAD_MAX 1024 /* R3.4 */

/* R4.7: the fingerprint is the last 8 bytes of SHA1(key), exactly as on the wire. */
static int fingerprint_of(const uint8_t *key, uint8_t fp[8]) {
  uint8_t h[20];
  if (sha1(key, CHAT_KEY_LEN, h) != 0) return -1;
  memcpy(fp, h + 12, 8);
  return 0;
}

typedef struct {
  bytes_t key, message, padding;
  int x, has_padding;
  uint8_t *plain, *wire; /* room for the longest plaintext this request can make */
  size_t wire_len;       /* of the last run */
} e2e_encrypt_job_t;

/* Our own choice of padding (R3.4) when none is given: the fewest bytes >= 12 that align the
 * plaintext, plus 0..3 random extra blocks so that the length does not give the message length
 * away exactly. */
#define OWN_PAD_MAX (PAD_MIN + 15 + 3 * 16)

static int e2e_encrypt_prepare(req_t *rq, void *j, err_t *err) {
  e2e_encrypt_job_t *job = j;
  /* R3.2: the message is TL bytes, whole 32-bit words. */
  if (arg_bytes(rq, "key", CHAT_KEY_LEN, 0, &job->key, err) || arg_key_offset(rq, &job->x, err) ||
      arg_bytes(rq, "message", -1, 4, &job->message, err) ||
      arg_opt_bytes(rq, "padding", -1, 0, &job->padding, &job->has_padding, err))
    return -1;
  if (job->message.n > 0x7fffffffu - 4 - 2 * PAD_MAX)
    return fail(err, "bad_input", "\"message\" is too long for a 32-bit length field");
  if (job->has_padding) {
    /* R3.4: 12..1024 bytes, and the plaintext a multiple of 16. A given padding is used as is:
     * never extended, cut or replaced. */
    size_t pad_len = job->padding.n;
    if (pad_len < PAD_MIN || pad_len > PAD_MAX)
      return fail(err, "bad_input", "\"padding\" expected 12..1024 bytes (R3.4), got %zu bytes", pad_len);
    if ((4 + job->message.n + pad_len) % 16 != 0)
      return fail(err, "bad_input", "\"padding\" leaves the plaintext %zu bytes, not a multiple of 16 (R3.4)",
                  4 + job->message.n + pad_len);
  }
  size_t most = 4 + job->message.n + (job->has_padding ? job->padding.n : OWN_PAD_MAX);
  job->plain = rq_alloc(rq, most);
  job->wire = rq_alloc(rq, 24 + most);
  return job->plain != NULL && job->wire != NULL ? 0 : fail(err, "internal", "out of memory");
}

static int e2e_encrypt_run(void *j, err_t *err) {
  e2e_encrypt_job_t *job = j;
  const bytes_t *message = &job->message;
  size_t pad_len;
  if (job->has_padding) pad_len = job->padding.n;
  else {
    uint8_t r;
    if (RAND_bytes(&r, 1) != 1) return fail(err, "internal", "RAND_bytes failed");
    pad_len = PAD_MIN + (16 - (4 + message->n + PAD_MIN) % 16) % 16 + 16 * (size_t)(r & 3);
  }
  size_t p_len = 4 + message->n + pad_len;
  uint8_t *plain = job->plain, *wire = job->wire;
  /* R3.2: plaintext = le32(len(message)) ‖ message ‖ padding. */
  uint32_t l = (uint32_t)message->n;
  plain[0] = (uint8_t)l;
  plain[1] = (uint8_t)(l >> 8);
  plain[2] = (uint8_t)(l >> 16);
  plain[3] = (uint8_t)(l >> 24);
  if (message->n) memcpy(plain + 4, message->p, message->n);
  if (job->has_padding) memcpy(plain + 4 + message->n, job->padding.p, pad_len);
  else if (RAND_bytes(plain + 4 + message->n, (int)pad_len) != 1) return fail(err, "internal", "RAND_bytes failed");

  /* R3.6 / R3.1: wire = fingerprint ‖ msg_key ‖ IGE_enc(aes_key, aes_iv, plaintext), with the
   * sender's x (R2.3). */
  uint8_t aes_key[32], aes_iv[32];
  const uint8_t *key = job->key.p;
  if (fingerprint_of(key, wire) != 0 || msg_key_of(key, job->x, plain, p_len, wire + 8) != 0 ||
      kdf_of(key, job->x, wire + 8, aes_key, aes_iv) != 0 || ige(1, aes_key, aes_iv, plain, wire + 24, p_len) != 0)
    return fail(err, "internal", "crypto failed");
  OPENSSL_cleanse(aes_key, sizeof aes_key);
  OPENSSL_cleanse(aes_iv, sizeof aes_iv);
  OPENSSL_cleanse(plain, p_len);
  job->wire_len = 24 + p_len;
  return 0;
}

static void e2e_encrypt_encode(void *j, json_t *out) {
  e2e_encrypt_job_t *job = j;
  set_hex(out, "data", job->wire, job->wire_len);
}

const workload_t W_E2E_ENCRYPT = {"e2e.encrypt", sizeof(e2e_encrypt_job_t), e2e_encrypt_prepare, e2e_encrypt_run,
                                  e2e_encrypt_encode, NULL};

int op_e2e_encrypt(req_t *rq, json_t *out, err_t *err) { return run_workload(&W_E2E_ENCRYPT, rq, out, err); }

/* Constant-time helpers for R3.9: all-ones when the condition holds, else 0; no branches. */
static uint64_t ct_lt(uint64_t a, uint64_t b) { /* a < b, both < 2^63 */
  return (uint64_t)0 - ((a - b) >> 63);
}
static uint64_t ct_nonzero(uint64_t a) { return (uint64_t)0 - ((a | ((uint64_t)0 - a)) >> 63); }

typedef struct {
  bytes_t key, data;
  int x;
  uint8_t *plain;    /* len(data) - 24 bytes: the decrypted buffer */
  size_t message_n;  /* L of the last run that accepted */
} e2e_decrypt_job_t;

static int e2e_decrypt_prepare(req_t *rq, void *j, err_t *err) {
  e2e_decrypt_job_t *job = j;
  if (arg_bytes(rq, "key", CHAT_KEY_LEN, 0, &job->key, err) || arg_key_offset(rq, &job->x, err) ||
      arg_bytes(rq, "data", -1, 0, &job->data, err))
    return -1;
  job->plain = rq_alloc(rq, job->data.n > 24 ? job->data.n - 24 : 0);
  return job->plain != NULL ? 0 : fail(err, "internal", "out of memory");
}

static int e2e_decrypt_run(void *j, err_t *err) {
  e2e_decrypt_job_t *job = j;
  const bytes_t data = job->data;
  const uint8_t *key = job->key.p;
  int x = job->x;

  /* R3.7 step 1, structure: 24 header bytes and at least one whole block. A ragged tail (D4) is
   * rejected, the stricter conforming choice (R3.10, Q3). Only public lengths are involved here,
   * so an early answer reveals nothing about the plaintext. */
  if (data.n < 24 + 16) return fail(err, "rejected", "too_short");
  if ((data.n - 24) % 16 != 0) return fail(err, "rejected", "not_whole_blocks");

  /* R3.7 step 2: the fingerprint must name our key; otherwise the message is dropped. The
   * fingerprint is public, so this early answer leaks nothing either. */
  uint8_t fp[8];
  if (fingerprint_of(key, fp) != 0) return fail(err, "internal", "SHA-1 failed");
  if (CRYPTO_memcmp(fp, data.p, 8) != 0) return fail(err, "rejected", "unknown_fingerprint");

  /* R3.7 step 3: decrypt the whole ciphertext with the keys derived from D[8:24] and the
   * sender's x (R2.3). */
  const uint8_t *msg_key = data.p + 8;
  size_t p_len = data.n - 24;
  uint8_t aes_key[32], aes_iv[32], computed[16];
  uint8_t *plain = job->plain;
  if (kdf_of(key, x, msg_key, aes_key, aes_iv) != 0 || ige(0, aes_key, aes_iv, data.p + 24, plain, p_len) != 0)
    return fail(err, "internal", "crypto failed");
  OPENSSL_cleanse(aes_key, sizeof aes_key);
  OPENSSL_cleanse(aes_iv, sizeof aes_iv);

  /* R3.7 step 4: msg_key over the whole decrypted buffer, never a span chosen by the length
   * field, compared in constant time. */
  if (msg_key_of(key, x, plain, p_len, computed) != 0) return fail(err, "internal", "SHA-256 failed");
  uint64_t bad = ct_nonzero((uint64_t)CRYPTO_memcmp(computed, msg_key, 16));

  /* R3.7 step 5, after msg_key and without early exits (R3.8, R3.9): the verdicts of the length
   * checks are accumulated into `bad` with masks, so the work done does not depend on L.
   *   a. L % 4 == 0;  b. L <= len(P) - 4;  c. 12 <= len(P) - 4 - L <= 1024. */
  uint64_t L = (uint64_t)plain[0] | (uint64_t)plain[1] << 8 | (uint64_t)plain[2] << 16 | (uint64_t)plain[3] << 24;
  uint64_t room = (uint64_t)p_len - 4; /* p_len >= 16 */
  uint64_t pad = room - L;              /* wraps (huge) when L > room; masked by the check below */
  bad |= ct_nonzero(L & 3);
  bad |= ct_lt(room, L);
  bad |= ct_lt(pad, PAD_MIN) & ~ct_lt(room, L);
  bad |= ct_lt(PAD_MAX, pad) & ~ct_lt(room, L);

  /* R3.8: one answer for every failure through step 5, whatever the reason. */
  if (bad != 0) {
    OPENSSL_cleanse(plain, p_len);
    return fail(err, "rejected", "msg_key_or_length");
  }
  job->message_n = (size_t)L;
  return 0;
}

static void e2e_decrypt_encode(void *j, json_t *out) {
  e2e_decrypt_job_t *job = j;
  set_hex(out, "message", job->plain + 4, job->message_n); /* the TL bytes, P[4:4+L] */
}

static void e2e_decrypt_release(void *j) {
  e2e_decrypt_job_t *job = j;
  if (job->plain != NULL && job->data.n > 24) OPENSSL_cleanse(job->plain, job->data.n - 24);
}

const workload_t W_E2E_DECRYPT = {"e2e.decrypt", sizeof(e2e_decrypt_job_t), e2e_decrypt_prepare, e2e_decrypt_run,
                                  e2e_decrypt_encode, e2e_decrypt_release};

int op_e2e_decrypt(req_t *rq, json_t *out, err_t *err) { return run_workload(&W_E2E_DECRYPT, rq, out, err); }

/* ---- key fingerprint and visualization ------------------------------------------------------- */

int op_key_fingerprint(req_t *rq, json_t *out, err_t *err) {
  bytes_t key;
  uint8_t fp[8];
  if (arg_bytes(rq, "key", CHAT_KEY_LEN, 0, &key, err)) return -1;
  if (fingerprint_of(key.p, fp) != 0) return fail(err, "internal", "SHA-1 failed");
  set_hex(out, "fingerprint", fp, 8);
  return 0;
}

/* R8.1: key_hash = SHA1(initial key)[0:16] ‖ SHA256(key at layer 46)[0:20]; key46 defaults to
 * the initial key (a chat created at layer >= 46). */
int op_key_visual(req_t *rq, json_t *out, err_t *err) {
  bytes_t key, key46;
  int has46;
  uint8_t h1[20], h2[32], hash[36];
  if (arg_bytes(rq, "key", CHAT_KEY_LEN, 0, &key, err) ||
      arg_opt_bytes(rq, "key46", CHAT_KEY_LEN, 0, &key46, &has46, err))
    return -1;
  if (sha1(key.p, key.n, h1) != 0 || sha256_2(has46 ? key46.p : key.p, CHAT_KEY_LEN, NULL, 0, h2) != 0)
    return fail(err, "internal", "hash failed");
  memcpy(hash, h1, 16);
  memcpy(hash + 16, h2, 20);
  set_hex(out, "key_hash", hash, 36);
  return 0;
}
