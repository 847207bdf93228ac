/* tl.encode and tl.decode: TL serialization (docs/spec.md §7.1) of the secret-chat layer, with
 * objects in TL-JSON (PROTOCOL.md §6).
 *
 * The decoder takes untrusted bytes: it never reads past the end, bounds every vector count by the
 * bytes left before allocating, and caps nesting. It accepts canonical encodings only (the short
 * length form below 254 bytes, zero padding bytes, no unused flag bits, no bytes after the
 * top-level object), so that everything it accepts re-encodes to the same bytes; TDLib is more
 * lenient on these and the vectors mark them acceptable. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "tl.h"
#include "tl_internal.h"

#define MAX_DEPTH 32 /* the secret schema nests 6 deep at most */
#define MAX_TL_BYTES 0xFFFFFFu /* a TL string length is at most 24 bits */

/* ---- decoding -------------------------------------------------------------------------------- */

typedef struct {
  const uint8_t *p;
  size_t n, off;
  const char *code; /* why decoding stopped */
  char msg[160];
  size_t at;
} reader_t;

static int rfail(reader_t *r, size_t at, const char *code, const char *msg) {
  r->code = code;
  r->at = at;
  snprintf(r->msg, sizeof r->msg, "%s", msg);
  return -1;
}

static int need(reader_t *r, size_t k, const char *what) {
  if (r->n - r->off >= k) return 0;
  char msg[160];
  snprintf(msg, sizeof msg, "expected %s (%zu bytes), got %zu bytes", what, k, r->n - r->off);
  return rfail(r, r->off, "truncated", msg);
}

static uint32_t le32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int read_u32(reader_t *r, uint32_t *v, const char *what) {
  if (need(r, 4, what)) return -1;
  *v = le32(r->p + r->off);
  r->off += 4;
  return 0;
}

static int read_u64(reader_t *r, uint64_t *v, const char *what) {
  if (need(r, 8, what)) return -1;
  *v = (uint64_t)le32(r->p + r->off) | (uint64_t)le32(r->p + r->off + 4) << 32;
  r->off += 8;
  return 0;
}

/* TL bytes/string (§7.1): L <= 253 is one length byte; L >= 254 is 0xFE and le24(L); then the
 * data and zero bytes up to a multiple of 4. Only the canonical form is accepted. */
static int read_tl_bytes(reader_t *r, const uint8_t **data, size_t *len) {
  size_t start = r->off, header;
  if (need(r, 1, "a length byte")) return -1;
  uint8_t b0 = r->p[r->off];
  if (b0 == 0xFF) return rfail(r, start, "bad_length", "length byte 0xff is not defined");
  if (b0 == 0xFE) {
    if (need(r, 4, "a 4-byte length header")) return -1;
    *len = r->p[r->off + 1] | (size_t)r->p[r->off + 2] << 8 | (size_t)r->p[r->off + 3] << 16;
    header = 4;
    if (*len < 254) return rfail(r, start, "non_canonical", "the long length form for a length below 254");
  } else {
    *len = b0;
    header = 1;
  }
  size_t total = (header + *len + 3) & ~(size_t)3;
  if (need(r, total, "the string and its padding")) return -1;
  *data = r->p + start + header;
  for (size_t i = header + *len; i < total; i++)
    if (r->p[start + i] != 0) return rfail(r, start, "non_canonical", "a nonzero padding byte");
  r->off += total;
  return 0;
}

/* Well-formed UTF-8 only (no overlong forms, no surrogates, nothing above U+10FFFF). */
static int utf8_valid(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    size_t k;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) k = 1;
    else if (c >= 0xE0 && c <= 0xEF) {
      k = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      k = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else return 0;
    if (n - i <= k) return 0;
    if (s[i + 1] < lo || s[i + 1] > hi) return 0;
    for (size_t j = 2; j <= k; j++)
      if (s[i + j] < 0x80 || s[i + j] > 0xBF) return 0;
    i += k + 1;
  }
  return 1;
}

static size_t min_size(const tl_type *t) {
  switch (t->kind) {
    case T_LONG:
    case T_DOUBLE: return 8;
    case T_INT128: return 16;
    case T_INT256: return 32;
    case T_VECTOR: return t->boxed ? 8 : 4;
    default: return 4; /* int, Bool, an object's id, the shortest string */
  }
}

static json_t *decode_object(reader_t *r, const char *expected_type, int depth);

static json_t *decode_value(reader_t *r, const tl_type *t, int depth) {
  size_t at = r->off;
  switch (t->kind) {
    case T_INT: {
      uint32_t v;
      if (read_u32(r, &v, "an int")) return NULL;
      return json_integer((int32_t)v);
    }
    case T_LONG: {
      uint64_t v;
      char s[24];
      if (read_u64(r, &v, "a long")) return NULL;
      snprintf(s, sizeof s, "%lld", (long long)(int64_t)v); /* TL longs are signed */
      return json_string(s);
    }
    case T_DOUBLE: {
      uint64_t v;
      double d;
      if (read_u64(r, &v, "a double")) return NULL;
      memcpy(&d, &v, sizeof d);
      if (!isfinite(d)) return rfail(r, at, "bad_double", "a NaN or infinite double has no JSON form"), NULL;
      return json_real(d == 0 ? 0.0 : d); /* -0 has no JSON form of its own either */
    }
    case T_INT128:
    case T_INT256: {
      size_t k = t->kind == T_INT128 ? 16 : 32;
      if (need(r, k, t->kind == T_INT128 ? "an int128" : "an int256")) return NULL;
      r->off += k;
      return hex_json(r->p + at, k);
    }
    case T_STRING:
    case T_BYTES: {
      const uint8_t *data;
      size_t len;
      if (read_tl_bytes(r, &data, &len)) return NULL;
      if (t->kind == T_BYTES) return hex_json(data, len);
      if (!utf8_valid(data, len)) return rfail(r, at, "bad_utf8", "a string that is not well-formed UTF-8"), NULL;
      return json_stringn((const char *)data, len);
    }
    case T_BOOL: {
      uint32_t v;
      if (read_u32(r, &v, "a Bool")) return NULL;
      if (v == TL_BOOL_TRUE_ID) return json_true();
      if (v == TL_BOOL_FALSE_ID) return json_false();
      return rfail(r, at, "bad_bool", "neither boolTrue nor boolFalse"), NULL;
    }
    case T_OBJECT: return decode_object(r, t->type_name, depth + 1);
    case T_VECTOR: {
      uint32_t v;
      if (depth + 1 > MAX_DEPTH) return rfail(r, at, "too_deep", "nesting too deep"), NULL;
      if (t->boxed) {
        if (read_u32(r, &v, "vector#1cb5c415")) return NULL;
        if (v != TL_VECTOR_ID) return rfail(r, at, "unknown_constructor", "expected vector#1cb5c415"), NULL;
      }
      size_t count_at = r->off;
      if (read_u32(r, &v, "a vector count")) return NULL;
      if ((int32_t)v < 0) return rfail(r, count_at, "bad_length", "a negative vector count"), NULL;
      /* Bound the count by the bytes left before allocating anything. */
      if ((size_t)v > (r->n - r->off) / min_size(t->elem))
        return rfail(r, count_at, "too_large", "a vector count larger than the bytes left"), NULL;
      json_t *arr = json_array();
      for (uint32_t i = 0; i < v; i++) {
        json_t *e = decode_value(r, t->elem, depth + 1);
        if (e == NULL) {
          json_decref(arr);
          return NULL;
        }
        json_array_append_new(arr, e);
      }
      return arr;
    }
  }
  return rfail(r, at, "internal", "unknown type"), NULL;
}

static json_t *decode_object(reader_t *r, const char *expected_type, int depth) {
  size_t at = r->off;
  uint32_t id, flags[32] = {0};
  if (depth > MAX_DEPTH) return rfail(r, at, "too_deep", "nesting too deep"), NULL;
  if (read_u32(r, &id, "a constructor id")) return NULL;
  const tl_ctor *c = tl_by_id(id);
  char msg[160];
  if (c == NULL) {
    snprintf(msg, sizeof msg, "constructor id %08x is not in the schema", id);
    return rfail(r, at, "unknown_constructor", msg), NULL;
  }
  if (expected_type != NULL && strcmp(c->type_name, expected_type) != 0) {
    snprintf(msg, sizeof msg, "%.60s where a %.60s belongs", c->name, expected_type);
    return rfail(r, at, "unexpected_constructor", msg), NULL;
  }
  json_t *obj = json_object();
  json_object_set_new(obj, "_", json_string(c->name));
  for (int i = 0; i < c->nfields; i++) {
    const tl_field *f = &c->fields[i];
    if (f->kind == F_FLAGS) {
      size_t flags_at = r->off;
      if (read_u32(r, &flags[i], "a flags word")) goto bad;
      if (flags[i] & ~f->known_bits) {
        rfail(r, flags_at, "unknown_flags", "a flags bit that no field uses");
        goto bad;
      }
      continue;
    }
    int present = f->flags_field < 0 || (flags[f->flags_field] >> f->bit & 1);
    if (f->kind == F_TRUE) {
      if (present) json_object_set_new(obj, f->name, json_true()); /* false is left out */
      continue;
    }
    if (!present) continue; /* an unset optional field is absent */
    json_t *v = decode_value(r, f->type, depth);
    if (v == NULL) goto bad;
    json_object_set_new(obj, f->name, v);
  }
  return obj;
bad:
  json_decref(obj);
  return NULL;
}

int op_tl_decode(req_t *rq, json_t *out, err_t *err) {
  bytes_t bytes;
  if (!tl_available()) return fail(err, "unsupported", "no TL schema");
  if (arg_bytes(rq, "bytes", -1, 0, &bytes, err)) return -1;
  reader_t r = {.p = bytes.p, .n = bytes.n};
  json_t *obj = decode_object(&r, NULL, 1); /* the top level may be any type */
  if (obj != NULL && r.off != r.n) {
    /* R3.7 step 6 / D5: the body must be consumed exactly, as TDLib's fetch_end requires. */
    json_decref(obj);
    obj = NULL;
    char msg[80];
    snprintf(msg, sizeof msg, "%zu bytes after the object", r.n - r.off);
    rfail(&r, r.off, "trailing_bytes", msg);
  }
  if (obj == NULL) return fail(err, "bad_tl", "%s at offset %zu: %s", r.code, r.at, r.msg);
  json_object_set_new(out, "object", obj);
  return 0;
}

/* ---- encoding -------------------------------------------------------------------------------- */

typedef struct {
  uint8_t *p;
  size_t n, cap;
  int oom;
} writer_t;

typedef struct {
  req_t *rq;
  writer_t w;
  err_t *err;
} enc_t;

static void put(writer_t *w, const void *data, size_t k) {
  if (w->oom) return;
  if (w->n + k > w->cap) {
    size_t cap = w->cap ? w->cap : 256;
    while (cap < w->n + k) cap *= 2;
    uint8_t *p = realloc(w->p, cap);
    if (p == NULL) {
      w->oom = 1;
      return;
    }
    w->p = p;
    w->cap = cap;
  }
  memcpy(w->p + w->n, data, k);
  w->n += k;
}

static void put_u32(writer_t *w, uint32_t v) {
  uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
  put(w, b, 4);
}

static void put_u64(writer_t *w, uint64_t v) {
  put_u32(w, (uint32_t)v);
  put_u32(w, (uint32_t)(v >> 32));
}

static void put_tl_bytes(writer_t *w, const uint8_t *data, size_t len) {
  static const uint8_t zeros[4] = {0};
  size_t header;
  if (len <= 253) {
    uint8_t b = (uint8_t)len;
    put(w, &b, 1);
    header = 1;
  } else {
    uint8_t b[4] = {0xFE, (uint8_t)len, (uint8_t)(len >> 8), (uint8_t)(len >> 16)};
    put(w, b, 4);
    header = 4;
  }
  put(w, data, len);
  put(w, zeros, (4 - (header + len) % 4) % 4);
}

static int efail(enc_t *e, const char *path, const char *what) {
  return fail(e->err, "bad_tl", "\"%.120s\" %s", path[0] ? path : "object", what);
}

/* A long is a signed decimal string in canonical form: 0, or an optional minus and no leading
 * zero (so "01", "-0", "+1" and "0x10" are refused), within the signed 64-bit range. */
static int parse_long(const char *s, size_t len, int64_t *out) {
  size_t i = 0;
  int neg = 0;
  if (len == 1 && s[0] == '0') {
    *out = 0;
    return 1;
  }
  if (len > 0 && s[0] == '-') neg = 1, i = 1;
  if (i >= len || s[i] < '1' || s[i] > '9' || len - i > 19) return 0;
  uint64_t v = 0;
  for (; i < len; i++) {
    if (s[i] < '0' || s[i] > '9') return 0;
    uint64_t d = (uint64_t)(s[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return 0;
    v = v * 10 + d;
  }
  if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX) return 0;
  *out = neg ? (int64_t)(0 - v) : (int64_t)v;
  return 1;
}

static int encode_object(enc_t *e, json_t *v, const char *expected_type, const char *path, int depth);

static int encode_hex(enc_t *e, json_t *v, const char *path, long exact, bytes_t *out) {
  if (!json_is_string(v) || hex_decode(e->rq, json_string_value(v), json_string_length(v), out) != 0)
    return efail(e, path, "expected a hex string");
  if (exact >= 0 && out->n != (size_t)exact) return efail(e, path, "has the wrong length");
  return 0;
}

static int encode_value(enc_t *e, const tl_type *t, json_t *v, const char *path, int depth) {
  writer_t *w = &e->w;
  switch (t->kind) {
    case T_INT: {
      double d;
      if (!json_integral(v, &d)) return efail(e, path, "expected an integer (TL int)");
      if (d < -2147483648.0 || d > 2147483647.0) return efail(e, path, "is outside the signed 32-bit range");
      put_u32(w, (uint32_t)(int32_t)d);
      return 0;
    }
    case T_LONG: {
      int64_t x;
      if (!json_is_string(v)) return efail(e, path, "expected a decimal string (TL long)");
      if (!parse_long(json_string_value(v), json_string_length(v), &x))
        return efail(e, path, "expected the decimal string of a signed 64-bit integer");
      put_u64(w, (uint64_t)x);
      return 0;
    }
    case T_DOUBLE: {
      if (!json_is_number(v)) return efail(e, path, "expected a number (TL double)");
      double d = json_number_value(v);
      uint64_t bits;
      if (!isfinite(d)) return efail(e, path, "expected a finite number");
      memcpy(&bits, &d, sizeof bits);
      put_u64(w, bits);
      return 0;
    }
    case T_INT128:
    case T_INT256: {
      bytes_t b;
      if (encode_hex(e, v, path, t->kind == T_INT128 ? 16 : 32, &b)) return -1;
      put(w, b.p, b.n);
      return 0;
    }
    case T_BYTES: {
      bytes_t b;
      if (encode_hex(e, v, path, -1, &b)) return -1;
      if (b.n > MAX_TL_BYTES) return efail(e, path, "is longer than a TL length can say");
      put_tl_bytes(w, b.p, b.n);
      return 0;
    }
    case T_STRING: {
      if (!json_is_string(v)) return efail(e, path, "expected a string");
      const char *s = json_string_value(v);
      size_t len = json_string_length(v);
      /* A lone surrogate (rewritten to U+10FFFF while parsing, json_input.c) has no UTF-8 form. */
      if (e->rq->lone_surrogates && len >= 4) {
        for (size_t i = 0; i + 4 <= len; i++)
          if (memcmp(s + i, "\xF4\x8F\xBF\xBF", 4) == 0)
            return efail(e, path, "holds a lone UTF-16 surrogate, which has no UTF-8 form");
      }
      if (len > MAX_TL_BYTES) return efail(e, path, "is longer than a TL length can say");
      put_tl_bytes(w, (const uint8_t *)s, len); /* jansson strings are UTF-8: the wire form */
      return 0;
    }
    case T_BOOL:
      if (!json_is_boolean(v)) return efail(e, path, "expected a boolean");
      put_u32(w, json_is_true(v) ? TL_BOOL_TRUE_ID : TL_BOOL_FALSE_ID);
      return 0;
    case T_OBJECT: return encode_object(e, v, t->type_name, path, depth + 1);
    case T_VECTOR: {
      if (!json_is_array(v)) return efail(e, path, "expected an array");
      if (depth + 1 > MAX_DEPTH) return efail(e, path, "is nested too deep");
      size_t count = json_array_size(v);
      if (count > 0x7fffffff) return efail(e, path, "has too many elements");
      if (t->boxed) put_u32(w, TL_VECTOR_ID);
      put_u32(w, (uint32_t)count);
      for (size_t i = 0; i < count; i++) {
        char sub[160];
        snprintf(sub, sizeof sub, "%.120s[%zu]", path, i);
        if (encode_value(e, t->elem, json_array_get(v, i), sub, depth + 1)) return -1;
      }
      return 0;
    }
  }
  return efail(e, path, "has an unknown type");
}

static int encode_object(enc_t *e, json_t *v, const char *expected_type, const char *path, int depth) {
  char sub[200];
  if (depth > MAX_DEPTH) return efail(e, path, "is nested too deep");
  if (!json_is_object(v)) return efail(e, path, "expected a TL-JSON object {\"_\": name, ...}");
  json_t *name = json_object_get(v, "_");
  if (!json_is_string(name)) return efail(e, path, "has no constructor name \"_\"");
  const tl_ctor *c = tl_by_name(json_string_value(name), json_string_length(name));
  if (c == NULL) return efail(e, path, "names a constructor the schema does not have");
  if (expected_type != NULL && strcmp(c->type_name, expected_type) != 0)
    return efail(e, path, "is a constructor of the wrong type");

  /* Every key must be a field of the constructor. Flags words are derived, never given. */
  const char *key;
  json_t *value;
  json_object_foreach(v, key, value) {
    if (strcmp(key, "_") == 0) continue;
    const tl_field *f = NULL;
    for (int i = 0; i < c->nfields; i++)
      if (strcmp(c->fields[i].name, key) == 0) f = &c->fields[i];
    snprintf(sub, sizeof sub, "%.120s%s%.60s", path, path[0] ? "." : "", key);
    if (f == NULL) return efail(e, sub, "is not a field of this constructor");
    if (f->kind == F_FLAGS) return efail(e, sub, "is a flags word: flags are derived from the fields, never given");
    if (f->kind == F_TRUE && !json_is_boolean(value)) return efail(e, sub, "expected a boolean");
  }

  uint32_t flags[32] = {0};
  for (int i = 0; i < c->nfields; i++) {
    const tl_field *f = &c->fields[i];
    if (f->flags_field < 0) continue;
    json_t *fv = json_object_get(v, f->name);
    if (fv != NULL && (f->kind == F_VALUE || json_is_true(fv))) flags[f->flags_field] |= (uint32_t)1 << f->bit;
  }

  put_u32(&e->w, c->id);
  for (int i = 0; i < c->nfields; i++) {
    const tl_field *f = &c->fields[i];
    snprintf(sub, sizeof sub, "%.120s%s%.60s", path, path[0] ? "." : "", f->name);
    if (f->kind == F_FLAGS) put_u32(&e->w, flags[i]);
    if (f->kind != F_VALUE) continue;
    json_t *fv = json_object_get(v, f->name);
    if (fv == NULL) {
      if (f->flags_field >= 0) continue; /* an optional field left out */
      return efail(e, sub, "is missing");
    }
    if (encode_value(e, f->type, fv, sub, depth)) return -1;
  }
  return 0;
}

int op_tl_encode(req_t *rq, json_t *out, err_t *err) {
  if (!tl_available()) return fail(err, "unsupported", "no TL schema");
  json_t *object = arg_get(rq, "object");
  if (object == NULL) return fail(err, "bad_input", "\"object\" expected a TL-JSON object, got nothing (missing)");
  enc_t e = {.rq = rq, .err = err};
  int rc = encode_object(&e, object, NULL, "", 1); /* the top level may be any type */
  if (rc == 0 && e.w.oom) rc = fail(err, "internal", "out of memory");
  if (rc == 0) set_hex(out, "bytes", e.w.p, e.w.n);
  free(e.w.p);
  return rc;
}
