/* openssl-c: an independent C implementation of the stateless ops of the conform protocol v1
 * (packages/runner/PROTOCOL.md), on OpenSSL's libcrypto and jansson.
 *
 * JSON Lines on stdin, one response line per request on stdout (flushed at once, so a runner that
 * pipelines never waits on our buffer), logs on stderr only. Requests are answered one at a time,
 * in order. Exits 0 when stdin closes (§4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "tl.h"

static int op_hello(req_t *rq, json_t *out, err_t *err);

static const struct {
  const char *name;
  op_fn fn;
} OPS[] = {
    {"hello", op_hello},
    {"ige.encrypt", op_ige_encrypt},
    {"ige.decrypt", op_ige_decrypt},
    {"mtproto2.msg_key", op_msg_key},
    {"mtproto2.kdf", op_kdf},
    {"e2e.encrypt", op_e2e_encrypt},
    {"e2e.decrypt", op_e2e_decrypt},
    {"dh.check_params", op_dh_check_params},
    {"dh.check_public", op_dh_check_public},
    {"dh.public", op_dh_public},
    {"dh.key", op_dh_key},
    {"key.fingerprint", op_key_fingerprint},
    {"key.visual", op_key_visual},
    {"tl.encode", op_tl_encode},
    {"tl.decode", op_tl_decode},
    {"bench", op_bench},
};
#define N_OPS (sizeof OPS / sizeof OPS[0])

static int op_hello(req_t *rq, json_t *out, err_t *err) {
  json_t *protocol = arg_get(rq, "protocol");
  double v;
  if (protocol != NULL && !(json_integral(protocol, &v) && v == PROTOCOL_VERSION))
    return fail(err, "unsupported", "this adapter speaks protocol %d only", PROTOCOL_VERSION);
  json_t *ops = json_array();
  for (size_t i = 0; i < N_OPS; i++) {
    /* Without a usable TL schema the tl.* ops answer unsupported, so they are not listed. */
    if (strncmp(OPS[i].name, "tl.", 3) == 0 && !tl_available()) continue;
    json_array_append_new(ops, json_string(OPS[i].name));
  }
  json_object_set_new(out, "name", json_string(ADAPTER_NAME));
  json_object_set_new(out, "version", json_string(ADAPTER_VERSION));
  json_object_set_new(out, "protocol", json_integer(PROTOCOL_VERSION));
  json_object_set_new(out, "ops", ops);
  return 0;
}

/* The detail is free text for humans; keep it ASCII so that it is always a valid JSON string. */
static json_t *failure(json_t *id, const char *code, const char *detail) {
  char clean[256];
  size_t i = 0;
  for (; detail[i] != '\0' && i + 1 < sizeof clean; i++)
    clean[i] = ((unsigned char)detail[i] < 0x20 || (unsigned char)detail[i] >= 0x7f) ? '?' : detail[i];
  clean[i] = '\0';
  json_t *r = json_object();
  json_object_set_new(r, "id", id != NULL ? id : json_null());
  json_object_set_new(r, "ok", json_false());
  json_object_set_new(r, "error", json_string(code));
  json_object_set_new(r, "detail", json_string(clean));
  return r;
}

static json_t *handle_request(req_t *rq) {
  json_t *request = rq->args;
  if (!json_is_object(request)) return failure(NULL, "bad_request", "expected a JSON object");
  double idv;
  json_t *id = json_object_get(request, "id");
  /* The reference accepts exactly the safe integers (Number.isSafeInteger). */
  if (id == NULL || !json_integral(id, &idv) || idv > 9007199254740991.0 || idv < -9007199254740991.0)
    return failure(NULL, "bad_request", "\"id\" expected an integer");
  json_t *id_out = json_integer((json_int_t)idv);
  json_t *op = json_object_get(request, "op");
  if (!json_is_string(op)) return failure(id_out, "bad_request", "\"op\" expected a string");
  const char *name = json_string_value(op);
  for (size_t i = 0; i < N_OPS; i++) {
    if (strlen(OPS[i].name) != json_string_length(op) || strcmp(OPS[i].name, name) != 0) continue;
    json_t *results = json_object();
    err_t err = {0};
    if (OPS[i].fn(rq, results, &err) != 0) {
      json_decref(results);
      return failure(id_out, err.code != NULL ? err.code : "internal", err.detail);
    }
    json_t *r = json_object();
    json_object_set_new(r, "id", id_out);
    json_object_set_new(r, "ok", json_true());
    json_object_update(r, results);
    json_decref(results);
    return r;
  }
  char detail[160];
  snprintf(detail, sizeof detail, "no op \"%.100s\"", name);
  return failure(id_out, "unsupported", detail);
}

static int blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return 0;
  return 1;
}

static void write_line(json_t *response) {
  char *text = json_dumps(response, JSON_COMPACT | JSON_REAL_PRECISION(17));
  if (text == NULL) {
    /* Cannot happen for the values built here; still answer something well-formed. */
    fprintf(stderr, "openssl-c: could not serialize a response\n");
    json_t *id = json_object_get(response, "id");
    json_t *fallback = failure(json_incref(id), "internal", "could not serialize the response");
    text = json_dumps(fallback, JSON_COMPACT);
    json_decref(fallback);
    if (text == NULL) return;
  }
  fputs(text, stdout);
  fputc('\n', stdout);
  fflush(stdout);
  free(text);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--check-schema") == 0) return tl_check_schema();
  if (tl_init() != 0) fprintf(stderr, "openssl-c: TL schema unusable; tl.* ops answer unsupported\n");

  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, stdin)) != -1) {
    if (blank(line, (size_t)n)) continue; /* §1: blank lines carry nothing and get no answer */
    req_t rq = {0};
    char why[200] = "not JSON";
    rq.args = parse_request_line(line, (size_t)n, &rq.lone_surrogates, why, sizeof why);
    json_t *response = rq.args != NULL ? handle_request(&rq) : failure(NULL, "bad_request", why);
    write_line(response);
    json_decref(response);
    json_decref(rq.args);
    for (size_t i = 0; i < rq.arena.count; i++) free(rq.arena.items[i]);
    free(rq.arena.items);
  }
  free(line);
  tl_free();
  return 0;
}
