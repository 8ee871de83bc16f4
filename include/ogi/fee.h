/*
 * ogi/fee.h — the information-processing fee (信息处理费) of 国办函〔2020〕109号
 * (application-procedure.md §11).
 *
 * Amounts are exact integers in 元 (every rate of the measures is a whole
 * number of 元).  Both methods are excess-progressive; a body charges one
 * of them per application, never both.
 */
#ifndef OGI_FEE_H
#define OGI_FEE_H

#include <stdint.h>

/* Inputs beyond these are refused (keeps every total inside int64). */
#define OGI_FEE_MAX_APPLICATIONS 1000000
#define OGI_FEE_MAX_PAGES 1000000000

/* 按件计收 (109号 Art. 4): fee of the k-th application (k ≥ 1) of the same
 * applicant in one calendar month: 0 for k ≤ 10, 100 for 11–30, then +100
 * per band of 10.  Returns the fee, or -1 when k is out of range. */
int64_t ogi_fee_by_count(int64_t k);
/* Total for applications 1..n of one month (n ≥ 0), or -1. */
int64_t ogi_fee_by_count_total(int64_t n);

/* 按量计收 (109号 Art. 5): fee for one application of p pages (p ≥ 0):
 * 1–30 free, 31–100 10 元/页, 101–200 20 元/页, 201+ 40 元/页; or -1. */
int64_t ogi_fee_by_pages(int64_t pages);

#endif
