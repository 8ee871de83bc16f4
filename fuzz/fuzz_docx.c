/*
 * fuzz_docx.c — libFuzzer target: arbitrary bytes through the DOCX reader
 * (ogi_read_docx) and the label mapper.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return ogi_fuzz_one(ogi_read_docx, data, size);
}
