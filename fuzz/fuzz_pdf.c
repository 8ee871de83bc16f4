/*
 * fuzz_pdf.c — libFuzzer target: arbitrary bytes through the whole PDF
 * reader (poppler, then the layout stage) and the label mapper.
 *
 * poppler is not instrumented, so coverage guides only our side; the
 * layout stage itself is fuzzed far faster by fuzz_pdf_layout.  This one
 * checks what poppler hands over on damaged, truncated and odd PDFs.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return ogi_fuzz_one(ogi_read_pdf, data, size);
}
