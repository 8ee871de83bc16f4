/*
 * fast_text.h — the importer's copies of ogi/text.h's checks, with fast
 * paths for the text that fills real reports (ASCII, CJK ideographs,
 * fullwidth forms).  Each returns exactly what its ogi_* counterpart
 * returns (test_import_fast_text checks that code point by code point);
 * it only answers the common cases without a utf8proc round trip and
 * falls back to the ogi_* function for anything else.  The readers and the
 * mapper call these once or more per cell, which made NFKC the largest
 * cost of an import.
 */
#ifndef OGI_IMPORT_FAST_TEXT_H
#define OGI_IMPORT_FAST_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* = ogi_utf8_valid: strict UTF-8 (no overlongs, surrogates, > U+10FFFF). */
bool fast_utf8_valid(const char *s, size_t len);
/* = ogi_nfkc: malloc'd NFKC of s, NULL for NULL or invalid UTF-8. */
char *fast_nfkc(const char *s);
/* True when s is certainly its own NFKC (ASCII printables, TAB, LF, CR,
 * ideographs and the kept CJK punctuation only); false means "maybe not". */
bool fast_nfkc_is_identity(const char *s);
/* Length of the longest prefix of the len bytes at s (NUL-terminated) that
 * is certainly its own NFKC, as fast_nfkc_is_identity judges: len when all
 * of it is. */
size_t fast_nfkc_identity_prefix(const char *s, size_t len);
/* NFKC of the len bytes at s into out (room for len + 1 bytes: the fast
 * set never grows) when every code point is in the fast set: its length;
 * SIZE_MAX otherwise (out then holds garbage; use fast_nfkc). */
size_t fast_nfkc_into(const char *s, size_t len, char *out);
/* Whether ogi_heading_norm(s) certainly has more than limit code points
 * other than 「#」 and 「。」 (every code point of the fast set gives at
 * least one, white space none); false when s is not all in the fast set. */
bool fast_heading_longer(const char *s, size_t limit);
/* = ogi_heading_norm: NFKC, white space removed; malloc'd. */
char *fast_heading_norm(const char *s);
/* The same into out (room for len + 1 bytes) for the len bytes at s when
 * they are all in the fast set; false (out garbage) otherwise. */
bool fast_heading_norm_into(const char *s, size_t len, char *out);
/* = ogi_is_placeholder. */
bool fast_is_placeholder(const char *s);
/* True when s certainly is not numbers with units (map_is_numeric's
 * scan of its NFKC would fail): it holds an ASCII character or an
 * ideograph that no number or unit has.  False means "maybe". */
bool fast_not_numeric(const char *s);
/* Whether the len bytes at s hold an ASCII digit. */
bool fast_has_digit(const char *s, size_t len);
/* = ogi_is_blank_text. */
bool fast_is_blank_text(const char *s);

#endif
