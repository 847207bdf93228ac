/* The DH ops on OpenSSL's BIGNUM: checking p and g (R4.2), checking a public value (R4.3), and
 * computing g^secret mod p (R4.5) and the shared key with its fingerprint (R4.7). Big numbers are
 * big-endian unsigned bytes exactly as on the wire (PROTOCOL.md §3). */
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <string.h>

#include "proto.h"

/* A big-endian number without its leading zero bytes (which do not change its value). */
static bytes_t strip_zeros(bytes_t b) {
  while (b.n > 0 && b.p[0] == 0) b.p++, b.n--;
  return b;
}

/* ---- dh.check_params (R4.2) ------------------------------------------------------------------ */

/* Verdicts of the safe-prime test, cached by p: the test costs two probabilistic primality tests
 * of 2048-bit numbers, and D-sec allows caching (TDLib caches good and bad primes). */
enum { SAFE_PRIME = 1, NOT_PRIME = 2, NOT_SAFE_PRIME = 3 };
#define PRIME_CACHE 32
static struct {
  uint8_t p[DH_LEN];
  int verdict;
} prime_cache[PRIME_CACHE];
static size_t prime_cache_used, prime_cache_next;

/* R4.2 step 3: p prime, then (p - 1)/2 prime. BN_check_prime uses enough Miller-Rabin rounds
 * for a 2^-128 error bound, more than the 15 rounds D-sec asks for. Returns a verdict, or -1. */
static int classify_safe_prime(const uint8_t *pbytes, const BIGNUM *p, BN_CTX *ctx) {
  for (size_t i = 0; i < prime_cache_used; i++)
    if (memcmp(prime_cache[i].p, pbytes, DH_LEN) == 0) return prime_cache[i].verdict;
  int verdict = -1;
  BIGNUM *q = BN_new();
  int r = BN_check_prime(p, ctx, NULL);
  if (r == 0) verdict = NOT_PRIME;
  else if (r == 1 && q != NULL && BN_sub(q, p, BN_value_one()) && BN_rshift1(q, q)) {
    r = BN_check_prime(q, ctx, NULL);
    if (r >= 0) verdict = r == 1 ? SAFE_PRIME : NOT_SAFE_PRIME;
  }
  BN_free(q);
  if (verdict > 0) {
    memcpy(prime_cache[prime_cache_next].p, pbytes, DH_LEN);
    prime_cache[prime_cache_next].verdict = verdict;
    prime_cache_next = (prime_cache_next + 1) % PRIME_CACHE;
    if (prime_cache_used < PRIME_CACHE) prime_cache_used++;
  }
  return verdict;
}

/* R4.2 step 2: g must generate the quadratic residues mod p; for each g in 2..7 that is a
 * condition on p modulo a small number (the Legendre symbol of g, for a safe prime). */
static int residue_rule_met(const BIGNUM *p, int g) {
  switch (g) {
    case 2: return BN_mod_word(p, 8) == 7;
    case 3: return BN_mod_word(p, 3) == 2;
    case 4: return 1; /* 4 = 2^2 is always a square */
    case 5: {
      BN_ULONG r = BN_mod_word(p, 5);
      return r == 1 || r == 4;
    }
    case 6: {
      BN_ULONG r = BN_mod_word(p, 24);
      return r == 19 || r == 23;
    }
    case 7: {
      BN_ULONG r = BN_mod_word(p, 7);
      return r == 3 || r == 5 || r == 6;
    }
    default: return 0;
  }
}

int op_dh_check_params(req_t *rq, json_t *out, err_t *err) {
  (void)out;
  bytes_t pb;
  double g;
  /* p takes any length (the op judges it); g is any JSON integer (PROTOCOL.md §5). */
  if (arg_bytes(rq, "p", -1, 0, &pb, err) || arg_integer(rq, "g", &g, err)) return -1;
  /* R4.2 step 1: 2^2047 < p < 2^2048, judged on the wire form: exactly 256 bytes with the top
   * bit set. A 257-byte p with a leading zero byte is refused (divergence, vector-acceptable). */
  if (pb.n != DH_LEN || (pb.p[0] & 0x80) == 0) return fail(err, "bad_params", "p_size");
  /* R4.2 step 2: g in {2..7}; any other integer, however large, is refused. */
  if (g < 2 || g > 7) return fail(err, "bad_params", "g_range");
  BIGNUM *p = BN_bin2bn(pb.p, (int)pb.n, NULL);
  BN_CTX *ctx = BN_CTX_new();
  int rc = -1;
  if (p == NULL || ctx == NULL) rc = fail(err, "internal", "BIGNUM allocation failed");
  else if (!residue_rule_met(p, (int)g)) rc = fail(err, "bad_params", "g_residue");
  else {
    switch (classify_safe_prime(pb.p, p, ctx)) {
      case SAFE_PRIME: rc = 0; break;
      case NOT_PRIME: rc = fail(err, "bad_params", "p_not_prime"); break;
      case NOT_SAFE_PRIME: rc = fail(err, "bad_params", "p_not_safe_prime"); break;
      default: rc = fail(err, "internal", "primality test failed");
    }
  }
  BN_free(p);
  BN_CTX_free(ctx);
  return rc;
}

/* ---- dh.check_public (R4.3) ------------------------------------------------------------------ */

int op_dh_check_public(req_t *rq, json_t *out, err_t *err) {
  (void)out;
  bytes_t pb, vb;
  if (arg_bytes(rq, "p", DH_LEN, 0, &pb, err) || arg_bytes(rq, "value", -1, 0, &vb, err)) return -1;
  /* The value is a big-endian unsigned number of any length: leading zero bytes are harmless and
   * a valid value may be shorter than 256 bytes. One of more than 256 significant bytes is at
   * least 2^2048, above any p. */
  vb = strip_zeros(vb);
  if (vb.n > DH_LEN) return fail(err, "bad_public", "out_of_range");
  BIGNUM *p = BN_bin2bn(pb.p, (int)pb.n, NULL), *v = BN_bin2bn(vb.p, (int)vb.n, NULL);
  BIGNUM *p_minus_1 = BN_new(), *margin = BN_new(), *upper = BN_new();
  int rc;
  if (p == NULL || v == NULL || p_minus_1 == NULL || margin == NULL || upper == NULL ||
      !BN_sub(p_minus_1, p, BN_value_one()) || !BN_set_bit(margin, 2048 - 64) || !BN_sub(upper, p, margin))
    rc = fail(err, "internal", "BIGNUM failed");
  /* R4.3, MUST (docs): 1 < v < p - 1. */
  else if (BN_cmp(v, BN_value_one()) <= 0 || BN_cmp(v, p_minus_1) >= 0)
    rc = fail(err, "bad_public", "out_of_range");
  /* R4.3, advised and enforced by TDLib with inclusive bounds (D12): refuse v < 2^1984 or
   * v > p - 2^1984, so both bounds themselves pass. */
  else if (BN_cmp(v, margin) < 0 || BN_cmp(v, upper) > 0)
    rc = fail(err, "bad_public", "outside_safety_margin");
  else rc = 0;
  BN_free(p);
  BN_free(v);
  BN_free(p_minus_1);
  BN_free(margin);
  BN_free(upper);
  return rc;
}

/* ---- dh.public and dh.key (R4.5, R4.7) ------------------------------------------------------- */

/* base^secret mod p, written as exactly 256 bytes, big-endian, left-padded with zeros (R4.7).
 * The exponent is secret: constant-time exponentiation where OpenSSL offers it (odd p). */
static int mod_exp_256(const BIGNUM *base, const bytes_t *secret, const BIGNUM *p, uint8_t out[DH_LEN],
                       err_t *err) {
  BIGNUM *e = BN_secure_new(), *r = BN_new();
  BN_CTX *ctx = BN_CTX_new();
  int rc = -1;
  if (e == NULL || r == NULL || ctx == NULL || BN_bin2bn(secret->p, (int)secret->n, e) == NULL)
    rc = fail(err, "internal", "BIGNUM allocation failed");
  /* A secret of 0 or 1 would make the result 1 or the base itself: caller misuse. */
  else if (BN_cmp(e, BN_value_one()) <= 0) rc = fail(err, "bad_input", "\"secret\" expected a value >= 2");
  else if (BN_is_zero(p)) rc = fail(err, "bad_input", "\"p\" expected a nonzero modulus");
  else {
    if (BN_is_odd(p)) BN_set_flags(e, BN_FLG_CONSTTIME);
    if (!BN_mod_exp(r, base, e, p, ctx) || BN_bn2binpad(r, out, DH_LEN) != DH_LEN)
      rc = fail(err, "internal", "modular exponentiation failed");
    else rc = 0;
  }
  BN_clear_free(e);
  BN_clear_free(r);
  BN_CTX_free(ctx);
  return rc;
}

int op_dh_public(req_t *rq, json_t *out, err_t *err) {
  bytes_t pb, secret;
  double g;
  uint8_t pub[DH_LEN];
  if (arg_bytes(rq, "p", DH_LEN, 0, &pb, err) || arg_integer(rq, "g", &g, err) ||
      arg_bytes(rq, "secret", DH_LEN, 0, &secret, err))
    return -1;
  /* g is not re-checked against R4.2 here (dh.check_params does that), but it is a TL int > 1. */
  if (g < 2 || g > 2147483647.0) return fail(err, "bad_input", "\"g\" expected an integer in 2..2^31-1");
  BIGNUM *p = BN_bin2bn(pb.p, (int)pb.n, NULL), *base = BN_new();
  int rc;
  if (p == NULL || base == NULL || !BN_set_word(base, (BN_ULONG)g)) rc = fail(err, "internal", "BIGNUM failed");
  else rc = mod_exp_256(base, &secret, p, pub, err); /* R4.5: g_a = g^a mod p */
  BN_free(p);
  BN_free(base);
  if (rc == 0) set_hex(out, "public", pub, DH_LEN);
  return rc;
}

/* dh.key is a bench workload (proto.h): prepare decodes, run computes, encode writes. */
typedef struct {
  bytes_t p, peer, secret;
  uint8_t key[DH_LEN], fingerprint[8];
} dh_key_job_t;

static int dh_key_prepare(req_t *rq, void *j, err_t *err) {
  dh_key_job_t *job = j;
  if (arg_bytes(rq, "p", DH_LEN, 0, &job->p, err) || arg_bytes(rq, "public", -1, 0, &job->peer, err) ||
      arg_bytes(rq, "secret", DH_LEN, 0, &job->secret, err))
    return -1;
  job->peer = strip_zeros(job->peer); /* "public" is a number of any length (PROTOCOL.md §3) */
  if (job->peer.n > DH_LEN) return fail(err, "bad_input", "\"public\" expected a value in [2, p - 2]");
  return 0;
}

static int dh_key_run(void *j, err_t *err) {
  dh_key_job_t *job = j;
  uint8_t digest[20];
  BIGNUM *p = BN_bin2bn(job->p.p, (int)job->p.n, NULL), *pub = BN_bin2bn(job->peer.p, (int)job->peer.n, NULL);
  BIGNUM *p_minus_1 = BN_new();
  int rc;
  if (p == NULL || pub == NULL || p_minus_1 == NULL || !BN_sub(p_minus_1, p, BN_value_one()))
    rc = fail(err, "internal", "BIGNUM failed");
  /* The peer's value must already have passed R4.3 (dh.check_public); one outside [2, p - 2]
   * would give a key of 0, 1 or ±1: refuse to compute with it. */
  else if (BN_cmp(pub, BN_value_one()) <= 0 || BN_cmp(pub, p_minus_1) >= 0)
    rc = fail(err, "bad_input", "\"public\" expected a value in [2, p - 2]");
  else rc = mod_exp_256(pub, &job->secret, p, job->key, err); /* R4.7: key = g_b^a mod p, 256 bytes */
  BN_free(p);
  BN_free(pub);
  BN_free(p_minus_1);
  if (rc != 0) return rc;
  /* R4.7: fingerprint = SHA1(key)[12:20], over all 256 bytes, leading zeros included. */
  if (EVP_Digest(job->key, DH_LEN, digest, NULL, EVP_sha1(), NULL) != 1) return fail(err, "internal", "SHA-1 failed");
  memcpy(job->fingerprint, digest + 12, 8);
  return 0;
}

static void dh_key_encode(void *j, json_t *out) {
  dh_key_job_t *job = j;
  set_hex(out, "key", job->key, DH_LEN);
  set_hex(out, "fingerprint", job->fingerprint, 8);
}

static void dh_key_release(void *j) {
  dh_key_job_t *job = j;
  OPENSSL_cleanse(job->key, sizeof job->key);
}

const workload_t W_DH_KEY = {"dh.key", sizeof(dh_key_job_t), dh_key_prepare, dh_key_run, dh_key_encode,
                             dh_key_release};

int op_dh_key(req_t *rq, json_t *out, err_t *err) { return run_workload(&W_DH_KEY, rq, out, err); }
