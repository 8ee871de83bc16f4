/*
 * xlsx_sheets.h — the report's section sheets (xlsx.c) written into a
 * workbook that other exports (xlsx_tables.c) are building, so a summary
 * workbook shows the 汇总 report in the official layout next to its tables.
 */
#ifndef OGI_RENDER_XLSX_SHEETS_H
#define OGI_RENDER_XLSX_SHEETS_H

#include <xlsxwriter.h>

#include "ogi/report.h"

/* Add the sheets 主动公开 / 依申请公开 / 复议诉讼 of r to wb. */
void ogi_xlsx_report_sheets(lxw_workbook *wb, const ogi_report *r);

#endif
