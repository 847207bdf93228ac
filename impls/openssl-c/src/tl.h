/* The TL codec of the secret-chat layer (docs/spec.md §7.1, §7.3) behind tl.encode and tl.decode. */
#ifndef OPENSSL_C_TL_H
#define OPENSSL_C_TL_H

/* Parses the embedded schema (schema/secret.tl). Returns 0 when the TL ops can be used. */
int tl_init(void);
int tl_available(void);
void tl_free(void);
/* `openssl-c --check-schema`: re-derives every constructor id from its line; exit status. */
int tl_check_schema(void);

#endif
