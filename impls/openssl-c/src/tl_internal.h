/* Constructor descriptors shared by the schema reader (tl_schema.c) and the codec (tl_codec.c). */
#ifndef OPENSSL_C_TL_INTERNAL_H
#define OPENSSL_C_TL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* Built-ins (docs/spec.md §7.1). */
#define TL_VECTOR_ID 0x1cb5c415u
#define TL_BOOL_TRUE_ID 0x997275b5u
#define TL_BOOL_FALSE_ID 0xbc799737u

typedef enum { T_INT, T_LONG, T_DOUBLE, T_INT128, T_INT256, T_STRING, T_BYTES, T_BOOL, T_OBJECT, T_VECTOR } tl_kind;

typedef struct tl_type {
  tl_kind kind;
  int boxed;              /* T_VECTOR: Vector<T> (boxed, with vector#1cb5c415) or vector<T> (bare) */
  char *type_name;        /* T_OBJECT: the boxed type, e.g. DecryptedMessageMedia */
  struct tl_type *elem;   /* T_VECTOR */
} tl_type;

typedef enum {
  F_FLAGS, /* name:#, a 32-bit word derived from the conditional fields on encode */
  F_TRUE,  /* name:flags.N?true, a boolean stored only as bit N */
  F_VALUE  /* name:T or name:flags.N?T */
} tl_field_kind;

typedef struct {
  char *name;
  tl_field_kind kind;
  tl_type *type;       /* F_VALUE */
  int flags_field;     /* index of the flags word a condition reads, or -1 */
  int bit;             /* the condition's bit */
  uint32_t known_bits; /* F_FLAGS: the bits some field of this constructor uses */
} tl_field;

typedef struct {
  char *name; /* TL-JSON name, layer suffix included */
  uint32_t id;
  char *type_name;
  tl_field *fields;
  int nfields;
  char *line;
} tl_ctor;

extern tl_ctor *tl_ctors;
extern int tl_nctors;

const tl_ctor *tl_by_name(const char *name, size_t len);
const tl_ctor *tl_by_id(uint32_t id);

#endif
