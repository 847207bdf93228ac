/* Parses one request line with jansson.
 *
 * Numbers are decoded as IEEE doubles (JSON_DECODE_INT_AS_REAL), the way JSON.parse reads them in
 * the runner and the reference: an integer is a number without a fraction, whatever its spelling,
 * and a huge integer is a (huge) number rather than a line that cannot be parsed. U+0000 is allowed
 * in strings (TL strings may hold it; PROTOCOL.md §6).
 *
 * One thing jansson refuses and JSON.parse accepts: a lone UTF-16 surrogate escape such as "\ud800".
 * The runner can send one on purpose (a TL string with no UTF-8 form, which tl.encode must refuse
 * with bad_tl, not a line answered with id null). So when a line fails to parse, each lone surrogate
 * escape is rewritten to "\udbff\udfff" (U+10FFFF, a noncharacter) and the line is parsed again; the
 * request is then marked, and tl.encode refuses any string holding U+10FFFF in a marked request.
 * This is a scan of string escapes only, not a JSON parser: jansson still parses the line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

#define PARSE_FLAGS (JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL | JSON_DECODE_ANY)

static int hex4(const char *s, size_t left, unsigned *out) {
  if (left < 4) return 0;
  unsigned v = 0;
  for (int i = 0; i < 4; i++) {
    char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
    else return 0;
  }
  *out = v;
  return 1;
}

/* Copies `line` to a new buffer with every lone surrogate escape replaced; returns how many were. */
static size_t rewrite_lone_surrogates(const char *line, size_t len, char **out, size_t *out_len) {
  static const char sentinel[] = "\\udbff\\udfff";
  char *buf = malloc(2 * len + 1); /* each 6-byte escape grows to 12 bytes at most */
  size_t o = 0, count = 0;
  int in_string = 0;
  if (buf == NULL) return 0;
  for (size_t i = 0; i < len;) {
    char c = line[i];
    if (!in_string) {
      if (c == '"') in_string = 1;
      buf[o++] = line[i++];
      continue;
    }
    if (c == '"') {
      in_string = 0;
      buf[o++] = line[i++];
      continue;
    }
    if (c != '\\' || i + 1 >= len) {
      buf[o++] = line[i++];
      continue;
    }
    unsigned cu, lo;
    if (line[i + 1] != 'u' || !hex4(line + i + 2, len - i - 2, &cu)) {
      buf[o++] = line[i++]; /* another escape: copy the backslash and the escaped character */
      buf[o++] = line[i++];
      continue;
    }
    if (cu >= 0xD800 && cu <= 0xDBFF && i + 12 <= len && line[i + 6] == '\\' && line[i + 7] == 'u' &&
        hex4(line + i + 8, len - i - 8, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
      memcpy(buf + o, line + i, 12); /* a well-formed pair */
      o += 12;
      i += 12;
    } else if (cu >= 0xD800 && cu <= 0xDFFF) {
      memcpy(buf + o, sentinel, 12);
      o += 12;
      i += 6;
      count++;
    } else {
      memcpy(buf + o, line + i, 6);
      o += 6;
      i += 6;
    }
  }
  *out = buf;
  *out_len = o;
  return count;
}

json_t *parse_request_line(const char *line, size_t len, int *lone_surrogates, char *why, size_t why_len) {
  json_error_t e;
  *lone_surrogates = 0;
  json_t *j = json_loadb(line, len, PARSE_FLAGS, &e);
  if (j != NULL) return j;
  snprintf(why, why_len, "not JSON: %s (column %d)", e.text, e.column);
  char *fixed = NULL;
  size_t fixed_len = 0;
  if (rewrite_lone_surrogates(line, len, &fixed, &fixed_len) > 0) {
    j = json_loadb(fixed, fixed_len, PARSE_FLAGS, &e);
    if (j != NULL) *lone_surrogates = 1;
  }
  free(fixed);
  return j;
}
