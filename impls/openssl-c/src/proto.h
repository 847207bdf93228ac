/* Shared declarations of the openssl-c adapter: one request, its arguments, and its error.
 *
 * The adapter speaks protocol v1 of packages/runner/PROTOCOL.md. Each op is a function that reads
 * its arguments from the parsed request and either fills a JSON object with its results (return 0)
 * or sets an error code and a detail (return -1). Memory taken while answering a request comes
 * from a per-request arena that is released after the response is written, so error paths never
 * leak. */
#ifndef OPENSSL_C_PROTO_H
#define OPENSSL_C_PROTO_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define ADAPTER_NAME "openssl-c"
#define ADAPTER_VERSION "0.1.0"
#define PROTOCOL_VERSION 1

/* Lengths fixed by the protocol's tables (PROTOCOL.md §5). */
#define CHAT_KEY_LEN 256 /* R4.7: the chat key is exactly 256 bytes */
#define DH_LEN 256       /* R4.2 / R4.5: p and the secret exponent are 256 bytes */
#define AES_LEN 32       /* R1.1: AES-256 key; R1.2: the two-half IGE iv */
#define MSG_KEY_LEN 16   /* R2.1 */

typedef struct {
  void **items;
  size_t count, cap;
} arena_t;

typedef struct {
  const char *code; /* "bad_input", "rejected", ... */
  char detail[256];
} err_t;

typedef struct {
  json_t *args; /* the whole request object, id and op included */
  arena_t arena;
  /* The raw line held a lone UTF-16 surrogate escape, rewritten to U+10FFFF before parsing
   * (json_input.c): any string that now holds U+10FFFF came from one and has no UTF-8 form. */
  int lone_surrogates;
} req_t;

typedef struct {
  uint8_t *p;
  size_t n;
} bytes_t;

/* args.c */
void *rq_alloc(req_t *rq, size_t n);
int fail(err_t *err, const char *code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
json_t *arg_get(const req_t *rq, const char *name);
int hex_decode(req_t *rq, const char *hex, size_t hex_len, bytes_t *out);
json_t *hex_json(const uint8_t *p, size_t n);
/* A required hex argument; exact_len < 0 means any length, multiple 0 means no rule. */
int arg_bytes(req_t *rq, const char *name, long exact_len, size_t multiple, bytes_t *out, err_t *err);
/* Like arg_bytes, but an absent argument gives *present = 0 and success. */
int arg_opt_bytes(req_t *rq, const char *name, long exact_len, size_t multiple, bytes_t *out, int *present,
                  err_t *err);
/* A required JSON integer (a number with no fraction), returned as a double: JSON numbers are
 * parsed as IEEE doubles, as the reference's JSON.parse does, so 1e3 and 1000 are the same. */
int arg_integer(req_t *rq, const char *name, double *out, err_t *err);
/* The key offset x of the sender (R2.3): 0 or 8, anything else bad_input. */
int arg_key_offset(req_t *rq, int *x, err_t *err);
int json_integral(const json_t *v, double *out);
/* "an object", "a string", "a number", ...: a JSON value's kind, for error details. */
const char *json_kind(const json_t *v);
void set_hex(json_t *out, const char *name, const uint8_t *p, size_t n);

/* json_input.c */
json_t *parse_request_line(const char *line, size_t len, int *lone_surrogates, char *why, size_t why_len);

/* Ops. Each returns 0 and fills `out`, or -1 with `err` set. */
typedef int (*op_fn)(req_t *rq, json_t *out, err_t *err);
int op_ige_encrypt(req_t *rq, json_t *out, err_t *err);
int op_ige_decrypt(req_t *rq, json_t *out, err_t *err);
int op_msg_key(req_t *rq, json_t *out, err_t *err);
int op_kdf(req_t *rq, json_t *out, err_t *err);
int op_e2e_encrypt(req_t *rq, json_t *out, err_t *err);
int op_e2e_decrypt(req_t *rq, json_t *out, err_t *err);
int op_key_fingerprint(req_t *rq, json_t *out, err_t *err);
int op_key_visual(req_t *rq, json_t *out, err_t *err);
int op_dh_check_params(req_t *rq, json_t *out, err_t *err);
int op_dh_check_public(req_t *rq, json_t *out, err_t *err);
int op_dh_public(req_t *rq, json_t *out, err_t *err);
int op_dh_key(req_t *rq, json_t *out, err_t *err);
int op_tl_encode(req_t *rq, json_t *out, err_t *err);
int op_tl_decode(req_t *rq, json_t *out, err_t *err);
int op_bench(req_t *rq, json_t *out, err_t *err);

/* A workload: a stateless op in the three steps bench times (PROTOCOL.md §8). `prepare` decodes
 * and checks the arguments into a zeroed job of `job_size` bytes and allocates every buffer the
 * runs need (from the request arena); `run` is the computation, any number of times back to back,
 * with no allocation that outlives it; `encode` writes the results of the last run; `release`
 * (optional) wipes secrets. Errors are the op's own. The op itself is one run (run_workload). */
typedef struct {
  const char *name;
  size_t job_size;
  int (*prepare)(req_t *rq, void *job, err_t *err);
  int (*run)(void *job, err_t *err);
  void (*encode)(void *job, json_t *out);
  void (*release)(void *job);
} workload_t;

extern const workload_t W_IGE_ENCRYPT, W_IGE_DECRYPT, W_MSG_KEY, W_KDF, W_E2E_ENCRYPT, W_E2E_DECRYPT, W_DH_KEY;

/* bench.c: the op a workload stands for: prepare, one run, encode. */
int run_workload(const workload_t *w, req_t *rq, json_t *out, err_t *err);

#endif
