/* Reads the secret-chat TL schema from its text (schema/secret.tl, embedded at build time as
 * build/schema_data.h) into constructor descriptors, once, at start-up.
 *
 * The grammar is the subset the secret-chat schema uses:   name#id field:type ... = Type;
 * where a type is a primitive (int long double int128 int256 string bytes Bool), a boxed type name
 * (capitalised: any constructor of that type), Vector<T> (boxed vector) or vector<T> (bare), a
 * flags word #, or a condition flags.N?T / flags.N?true. Lines starting with // are comments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema_data.h"
#include "tl_internal.h"

tl_ctor *tl_ctors;
int tl_nctors;
static int tl_ready;

static const char *PRIMITIVES[] = {"int", "long", "double", "int128", "int256", "string", "bytes", "Bool"};
static const tl_kind PRIMITIVE_KINDS[] = {T_INT, T_LONG, T_DOUBLE, T_INT128, T_INT256, T_STRING, T_BYTES, T_BOOL};

static void free_type(tl_type *t) {
  if (t == NULL) return;
  free_type(t->elem);
  free(t->type_name);
  free(t);
}

static tl_type *parse_type(const char *text) {
  tl_type *t = calloc(1, sizeof *t);
  if (t == NULL) return NULL;
  for (size_t i = 0; i < sizeof PRIMITIVES / sizeof PRIMITIVES[0]; i++) {
    if (strcmp(text, PRIMITIVES[i]) == 0) {
      t->kind = PRIMITIVE_KINDS[i];
      return t;
    }
  }
  size_t len = strlen(text);
  if ((strncmp(text, "Vector<", 7) == 0 || strncmp(text, "vector<", 7) == 0) && len > 8 && text[len - 1] == '>') {
    char inner[128];
    if (len - 8 >= sizeof inner) goto bad;
    memcpy(inner, text + 7, len - 8);
    inner[len - 8] = '\0';
    t->kind = T_VECTOR;
    t->boxed = text[0] == 'V';
    t->elem = parse_type(inner);
    if (t->elem == NULL) goto bad;
    return t;
  }
  if (text[0] >= 'A' && text[0] <= 'Z') {
    for (const char *c = text; *c; c++)
      if (!(*c == '_' || *c == '.' || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')))
        goto bad;
    t->kind = T_OBJECT;
    t->type_name = strdup(text);
    if (t->type_name == NULL) goto bad;
    return t;
  }
bad:
  free_type(t);
  return NULL;
}

static int schema_error(const char *line, const char *why) {
  fprintf(stderr, "openssl-c: TL schema: %s in line: %s\n", why, line);
  return -1;
}

/* Parses one constructor line into `c`. Returns 0, or -1 (with a message on stderr). */
static int parse_line(const char *line, tl_ctor *c) {
  char buf[1024];
  if (strlen(line) >= sizeof buf) return schema_error(line, "line too long");
  strcpy(buf, line);
  memset(c, 0, sizeof *c);
  c->line = strdup(line);
  char *save = NULL, *tok = strtok_r(buf, " \t", &save);
  char *hash = tok ? strchr(tok, '#') : NULL;
  if (hash == NULL || hash == tok || !(tok[0] >= 'a' && tok[0] <= 'z')) return schema_error(line, "no name#id");
  *hash = '\0';
  char *end = NULL;
  unsigned long id = strtoul(hash + 1, &end, 16);
  if (end == hash + 1 || *end != '\0' || strlen(hash + 1) > 8) return schema_error(line, "bad id");
  c->name = strdup(tok);
  c->id = (uint32_t)id;
  c->fields = calloc(32, sizeof *c->fields);
  if (c->name == NULL || c->fields == NULL || c->line == NULL) return schema_error(line, "out of memory");

  while ((tok = strtok_r(NULL, " \t", &save)) != NULL && strcmp(tok, "=") != 0) {
    if (c->nfields == 32) return schema_error(line, "too many fields");
    tl_field *f = &c->fields[c->nfields];
    char *colon = strchr(tok, ':');
    if (colon == NULL || colon == tok) return schema_error(line, "bad field");
    *colon = '\0';
    for (int i = 0; i < c->nfields; i++)
      if (strcmp(c->fields[i].name, tok) == 0) return schema_error(line, "duplicate field");
    f->name = strdup(tok);
    f->flags_field = -1;
    const char *type = colon + 1;
    if (strcmp(type, "#") == 0) {
      f->kind = F_FLAGS;
      c->nfields++;
      continue;
    }
    const char *q = strchr(type, '?');
    const char *dot = strchr(type, '.');
    if (q != NULL && dot != NULL && dot < q) {
      /* flags.N?T: present iff bit N of the flags word named before the dot is set. */
      size_t flen = (size_t)(dot - type);
      for (int i = 0; i < c->nfields; i++)
        if (c->fields[i].kind == F_FLAGS && strlen(c->fields[i].name) == flen &&
            strncmp(c->fields[i].name, type, flen) == 0)
          f->flags_field = i;
      long bit = strtol(dot + 1, &end, 10);
      if (f->flags_field < 0 || end != q || bit < 0 || bit > 31) return schema_error(line, "bad condition");
      uint32_t mask = (uint32_t)1 << bit;
      /* One bit, one field: keeps decode -> encode exact. */
      if (c->fields[f->flags_field].known_bits & mask) return schema_error(line, "reused flag bit");
      c->fields[f->flags_field].known_bits |= mask;
      f->bit = (int)bit;
      type = q + 1;
      if (strcmp(type, "true") == 0) {
        f->kind = F_TRUE;
        c->nfields++;
        continue;
      }
    }
    f->kind = F_VALUE;
    f->type = parse_type(type);
    if (f->type == NULL) return schema_error(line, "unsupported type");
    c->nfields++;
  }
  tok = strtok_r(NULL, " \t;", &save);
  if (tok == NULL || !(tok[0] >= 'A' && tok[0] <= 'Z')) return schema_error(line, "no result type");
  c->type_name = strdup(tok);
  const char *semi = strrchr(line, ';');
  if (semi == NULL || semi[1] != '\0') return schema_error(line, "no final ;");
  return 0;
}

static int type_defined(const tl_type *t) {
  if (t->kind == T_VECTOR) return type_defined(t->elem);
  if (t->kind != T_OBJECT) return 1;
  for (int i = 0; i < tl_nctors; i++)
    if (strcmp(tl_ctors[i].type_name, t->type_name) == 0) return 1;
  return 0;
}

int tl_init(void) {
  size_t cap = 0, n = sizeof SECRET_TL_SCHEMA / sizeof SECRET_TL_SCHEMA[0];
  for (size_t i = 0; i < n; i++) cap += SECRET_TL_SCHEMA[i][0] >= 'a' && SECRET_TL_SCHEMA[i][0] <= 'z';
  tl_ctors = calloc(cap ? cap : 1, sizeof *tl_ctors);
  if (tl_ctors == NULL) return -1;
  for (size_t i = 0; i < n; i++) {
    const char *line = SECRET_TL_SCHEMA[i];
    if (line[0] == '\0' || strncmp(line, "//", 2) == 0) continue;
    if (!(line[0] >= 'a' && line[0] <= 'z')) return schema_error(line, "unexpected line");
    tl_ctor *c = &tl_ctors[tl_nctors++];
    if (parse_line(line, c) != 0) return -1;
    for (int j = 0; j + 1 < tl_nctors; j++) {
      if (strcmp(tl_ctors[j].name, c->name) == 0) return schema_error(line, "duplicate name");
      if (tl_ctors[j].id == c->id || c->id == TL_VECTOR_ID || c->id == TL_BOOL_TRUE_ID || c->id == TL_BOOL_FALSE_ID)
        return schema_error(line, "duplicate id");
    }
  }
  /* Every referenced type must have a constructor, or nothing could ever decode it. */
  for (int i = 0; i < tl_nctors; i++)
    for (int j = 0; j < tl_ctors[i].nfields; j++)
      if (tl_ctors[i].fields[j].kind == F_VALUE && !type_defined(tl_ctors[i].fields[j].type))
        return schema_error(tl_ctors[i].line, "a type without constructors");
  tl_ready = tl_nctors > 0;
  return tl_ready ? 0 : -1;
}

int tl_available(void) { return tl_ready; }

void tl_free(void) {
  for (int i = 0; i < tl_nctors; i++) {
    tl_ctor *c = &tl_ctors[i];
    for (int j = 0; j < c->nfields; j++) {
      free(c->fields[j].name);
      free_type(c->fields[j].type);
    }
    free(c->fields);
    free(c->name);
    free(c->type_name);
    free(c->line);
  }
  free(tl_ctors);
  tl_ctors = NULL;
  tl_nctors = 0;
  tl_ready = 0;
}

const tl_ctor *tl_by_name(const char *name, size_t len) {
  for (int i = 0; i < tl_nctors; i++)
    if (strlen(tl_ctors[i].name) == len && memcmp(tl_ctors[i].name, name, len) == 0) return &tl_ctors[i];
  return NULL;
}

const tl_ctor *tl_by_id(uint32_t id) {
  for (int i = 0; i < tl_nctors; i++)
    if (tl_ctors[i].id == id) return &tl_ctors[i];
  return NULL;
}

/* ---- the id check (docs/spec.md §7.1) -------------------------------------------------------- */

static uint32_t crc32_ieee(const char *s, size_t n) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) {
    crc ^= (uint8_t)s[i];
    for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

/* The normalized line whose CRC32 is the id: no #id and no final ;, no flags.N?true fields,
 * Vector<T> written Vector T, and (when rewrite_bytes) the type bytes written as string. */
static void normalize(const tl_ctor *c, int rewrite_bytes, char *out, size_t cap) {
  char buf[1024];
  size_t o = 0;
  strcpy(buf, c->line);
  char *save = NULL, *tok = strtok_r(buf, " \t", &save);
  /* The layer suffix of a TL-JSON name (decryptedMessage46) is not part of the id. */
  size_t name_len = strlen(c->name);
  while (name_len > 0 && c->name[name_len - 1] >= '0' && c->name[name_len - 1] <= '9') name_len--;
  o += (size_t)snprintf(out + o, cap - o, "%.*s", (int)name_len, c->name);
  while ((tok = strtok_r(NULL, " \t", &save)) != NULL) {
    if (strstr(tok, "?true") != NULL) continue;
    char field[256];
    size_t f = 0;
    const char *colon = strchr(tok, ':');
    for (const char *p = tok; *p && f + 8 < sizeof field; p++) {
      int at_type = p == tok ? colon == NULL : (colon != NULL && p == colon + 1) || p[-1] == '?' || p[-1] == '<';
      if (rewrite_bytes && at_type && strncmp(p, "bytes", 5) == 0 && !(p[5] >= 'a' && p[5] <= 'z')) {
        memcpy(field + f, "string", 6);
        f += 6;
        p += 4;
      } else if (*p == '<') field[f++] = ' ';
      else if (*p == '>' || *p == ';') continue;
      else field[f++] = *p;
    }
    field[f] = '\0';
    if (f > 0 && o < cap) o += (size_t)snprintf(out + o, cap - o, " %s", field);
  }
}

int tl_check_schema(void) {
  if (tl_init() != 0) return 2;
  int bad = 0;
  for (int i = 0; i < tl_nctors; i++) {
    const tl_ctor *c = &tl_ctors[i];
    char rewritten[1024], kept[1024];
    normalize(c, 1, rewritten, sizeof rewritten);
    normalize(c, 0, kept, sizeof kept);
    uint32_t a = crc32_ieee(rewritten, strlen(rewritten)), b = crc32_ieee(kept, strlen(kept));
    if (a == c->id) continue;
    /* The documented exception (docs/spec.md §7.1, correction): this id is the CRC32 of its line
     * with bytes kept as written. */
    if (b == c->id && c->id == 0x6abd9782u) {
      printf("exception: %s#%08x is the CRC32 with bytes kept (rewritten: %08x)\n", c->name, c->id, a);
      continue;
    }
    printf("MISMATCH: %s#%08x: CRC32 %08x of \"%s\"\n", c->name, c->id, a, rewritten);
    bad++;
  }
  printf("%d constructors, %d id mismatches\n", tl_nctors, bad);
  tl_free();
  return bad == 0 ? 0 : 1;
}
