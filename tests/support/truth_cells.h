/*
 * truth_cells.h — comparing an imported report with a hand-checked
 * *.truth.json (shared/corpus/README.md), cell by cell, as text: what the
 * corpus test and the unseen-reports test (test_import_wild.c) both score.
 */
#ifndef OGI_TEST_TRUTH_CELLS_H
#define OGI_TEST_TRUTH_CELLS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "ogi/report.h"

/* A raw report file in a corpus folder: anything with an extension but
 * the truth (.truth.json), a source note (.source) and Markdown notes. */
bool truth_is_raw_file(const char *name);
bool truth_ends_with(const char *s, const char *suffix);
/* The truth value as text: the number, or "null" for a blank cell. */
void truth_expected_text(const json_t *v, char *buf, size_t len);
/* The imported cell idx as text, comparable with truth_expected_text():
 * its value ("null" when blank), "absent" (also when r is NULL), or
 * "<state>(<raw>)" for ambiguous and unreadable cells, which never equal a
 * truth value.  Money written in 元 compares as the number written, as the
 * truth files give it. */
void truth_got_text(const ogi_report *r, int idx, char *buf, size_t len);

#endif
