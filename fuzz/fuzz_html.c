/*
 * fuzz_html.c — libFuzzer target: arbitrary bytes through the HTML reader
 * (ogi_read_html) and the label mapper.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return ogi_fuzz_one(ogi_read_html, data, size);
}
