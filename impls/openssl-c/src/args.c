/* The edge of the protocol (PROTOCOL.md §3): arguments are checked and decoded here, so the ops
 * deal in bytes and integers. A missing argument, a wrong JSON type, a string that is not hex or a
 * length outside the op's rule is bad_input, never a truncated or zero-extended computation. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

void *rq_alloc(req_t *rq, size_t n) {
  arena_t *a = &rq->arena;
  if (a->count == a->cap) {
    size_t cap = a->cap ? a->cap * 2 : 16;
    void **items = realloc(a->items, cap * sizeof *items);
    if (items == NULL) return NULL;
    a->items = items;
    a->cap = cap;
  }
  void *p = malloc(n ? n : 1);
  if (p != NULL) a->items[a->count++] = p;
  return p;
}

int fail(err_t *err, const char *code, const char *fmt, ...) {
  va_list ap;
  err->code = code;
  va_start(ap, fmt);
  vsnprintf(err->detail, sizeof err->detail, fmt, ap);
  va_end(ap);
  return -1;
}

json_t *arg_get(const req_t *rq, const char *name) { return json_object_get(rq->args, name); }

static int hex_nibble(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10; /* §3: an implementation MAY accept uppercase */
  return -1;
}

int hex_decode(req_t *rq, const char *hex, size_t hex_len, bytes_t *out) {
  if (hex_len % 2 != 0) return -1;
  size_t n = hex_len / 2;
  uint8_t *p = rq_alloc(rq, n);
  if (p == NULL) return -2;
  for (size_t i = 0; i < n; i++) {
    int hi = hex_nibble((unsigned char)hex[2 * i]), lo = hex_nibble((unsigned char)hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return -1;
    p[i] = (uint8_t)(hi << 4 | lo);
  }
  out->p = p;
  out->n = n;
  return 0;
}

json_t *hex_json(const uint8_t *p, size_t n) {
  static const char digits[] = "0123456789abcdef";
  char *s = malloc(2 * n + 1);
  if (s == NULL) return NULL;
  for (size_t i = 0; i < n; i++) {
    s[2 * i] = digits[p[i] >> 4];
    s[2 * i + 1] = digits[p[i] & 15];
  }
  json_t *j = json_stringn(s, 2 * n);
  free(s);
  return j;
}

void set_hex(json_t *out, const char *name, const uint8_t *p, size_t n) {
  json_object_set_new(out, name, hex_json(p, n));
}

const char *json_kind(const json_t *v) {
  switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
  }
}

static int decode_hex_arg(req_t *rq, const char *name, json_t *v, long exact_len, size_t multiple, bytes_t *out,
                          err_t *err) {
  if (!json_is_string(v)) return fail(err, "bad_input", "\"%s\" expected a hex string, got %s", name, json_kind(v));
  int r = hex_decode(rq, json_string_value(v), json_string_length(v), out);
  if (r == -2) return fail(err, "bad_input", "\"%s\" is too large to hold in memory", name);
  if (r != 0) return fail(err, "bad_input", "\"%s\" expected a hex string (pairs of 0-9a-f)", name);
  if (exact_len >= 0 && out->n != (size_t)exact_len)
    return fail(err, "bad_input", "\"%s\" expected %ld bytes, got %zu bytes", name, exact_len, out->n);
  if (multiple != 0 && out->n % multiple != 0)
    return fail(err, "bad_input", "\"%s\" expected a multiple of %zu bytes, got %zu bytes", name, multiple, out->n);
  return 0;
}

int arg_bytes(req_t *rq, const char *name, long exact_len, size_t multiple, bytes_t *out, err_t *err) {
  json_t *v = arg_get(rq, name);
  if (v == NULL) return fail(err, "bad_input", "\"%s\" expected a hex string, got nothing (missing)", name);
  return decode_hex_arg(rq, name, v, exact_len, multiple, out, err);
}

int arg_opt_bytes(req_t *rq, const char *name, long exact_len, size_t multiple, bytes_t *out, int *present,
                  err_t *err) {
  json_t *v = arg_get(rq, name);
  *present = v != NULL; /* a present null is a wrong type, not an absent argument */
  if (v == NULL) return 0;
  return decode_hex_arg(rq, name, v, exact_len, multiple, out, err);
}

int json_integral(const json_t *v, double *out) {
  if (!json_is_number(v)) return 0;
  double d = json_number_value(v);
  if (!isfinite(d) || floor(d) != d) return 0;
  *out = d;
  return 1;
}

int arg_integer(req_t *rq, const char *name, double *out, err_t *err) {
  json_t *v = arg_get(rq, name);
  if (v == NULL) return fail(err, "bad_input", "\"%s\" expected an integer, got nothing (missing)", name);
  if (!json_integral(v, out)) return fail(err, "bad_input", "\"%s\" expected an integer, got %s", name, json_kind(v));
  return 0;
}

int arg_key_offset(req_t *rq, int *x, err_t *err) {
  double d;
  if (arg_integer(rq, "x", &d, err) != 0) return -1;
  /* R2.3: 0 for messages from the chat creator, 8 for the other participant; nothing else. */
  if (d != 0 && d != 8) return fail(err, "bad_input", "\"x\" expected 0 or 8, got %.17g", d);
  *x = (int)d;
  return 0;
}
