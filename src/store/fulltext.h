/*
 * fulltext.h — Chinese full-text terms (fulltext.c).
 */
#ifndef OGI_STORE_FULLTEXT_H
#define OGI_STORE_FULLTEXT_H

/* Index terms of a text: every run of CJK characters becomes its
 * overlapping character bigrams (and a lone character stays a unigram),
 * every run of letters/digits one lower-case word; space-separated.
 * malloc'd. */
char *fulltext_terms(const char *text);
/* An FTS5 MATCH expression for a user query: each CJK run becomes a phrase
 * of its bigrams (so 「教育局」 matches the substring, 「教育」 the word),
 * words become quoted terms, all AND-ed.  A single CJK character matches
 * as a prefix of bigrams.  Returns NULL when the query has no terms. */
char *fulltext_query(const char *query);
/* The same query as a PostgreSQL tsquery (to_tsquery('simple', …)) over
 * to_tsvector('simple', terms): bigrams of a CJK run joined by <->, a lone
 * CJK character as the prefix 字:*, runs AND-ed with &.  NULL when no terms. */
char *fulltext_query_pg(const char *query);

#endif
