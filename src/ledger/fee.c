/*
 * fee.c — the two excess-progressive tariffs of 国办函〔2020〕109号
 * (application-procedure.md §11), in whole 元.
 *
 * The tiers are written once, as tables, so the per-item rate and the
 * totals cannot disagree.
 */
#include "ogi/fee.h"

#include <stddef.h>

/* 按件: band of 10 applications from the 31st on; each band +100 元. */
#define COUNT_FREE 10
#define COUNT_FIRST_PAID_END 30
#define COUNT_BAND 10
#define COUNT_STEP_YUAN 100

int64_t ogi_fee_by_count(int64_t k)
{
    if (k < 1 || k > OGI_FEE_MAX_APPLICATIONS)
        return -1;
    if (k <= COUNT_FREE)
        return 0;
    if (k <= COUNT_FIRST_PAID_END)
        return COUNT_STEP_YUAN;
    return COUNT_STEP_YUAN * (2 + (k - COUNT_FIRST_PAID_END - 1) / COUNT_BAND);
}

int64_t ogi_fee_by_count_total(int64_t n)
{
    if (n < 0 || n > OGI_FEE_MAX_APPLICATIONS)
        return -1;
    int64_t total = 0;
    for (int64_t k = 1; k <= n; k++)
        total += ogi_fee_by_count(k);
    return total;
}

/* 按量: each tier is (first page of the tier, 元 per page). */
static const struct {
    int64_t first_page;
    int64_t yuan_per_page;
} page_tiers[] = {{31, 10}, {101, 20}, {201, 40}};

int64_t ogi_fee_by_pages(int64_t pages)
{
    if (pages < 0 || pages > OGI_FEE_MAX_PAGES)
        return -1;
    size_t n = sizeof page_tiers / sizeof page_tiers[0];
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t last = i + 1 < n ? page_tiers[i + 1].first_page - 1 : pages;
        if (last > pages)
            last = pages;
        if (last >= page_tiers[i].first_page)
            total += (last - page_tiers[i].first_page + 1) * page_tiers[i].yuan_per_page;
    }
    return total;
}
