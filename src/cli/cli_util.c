/*
 * cli_util.c — the small pieces every subcommand needs, kept in one place
 * so that errors, input loading and output writing look the same whatever
 * the command: errors on stderr prefixed "ogi CMD:", always naming the file.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "ogi/import.h"

bool ogi_cli_parse_lang(const char *s, ogi_lang *lang)
{
    if (s && !strcmp(s, "zh")) {
        *lang = OGI_LANG_ZH;
        return true;
    }
    if (s && !strcmp(s, "en")) {
        *lang = OGI_LANG_EN;
        return true;
    }
    return false;
}

int ogi_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "ogi %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nSee 'ogi %s --help'.\n", cmd);
    return OGI_EXIT_USAGE;
}

ogi_report *ogi_cli_load(const char *cmd, const char *path, char *err, size_t errlen)
{
    char msg[1024] = "";
    ogi_report *r = ogi_import_file(path, msg, sizeof msg);
    if (r)
        return r;
    if (!msg[0]) /* importers always say why; make sure the file is named anyway */
        snprintf(msg, sizeof msg, "%s: cannot read the file", path);
    fprintf(stderr, "ogi %s: %s\n", cmd, msg);
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
    return NULL;
}

int ogi_cli_write(const char *cmd, const char *path, const ogi_buf *out)
{
    if (!path || !strcmp(path, "-")) {
        if (ogi_buf_write_file(out, stdout) == 0 && fflush(stdout) == 0)
            return 0;
        fprintf(stderr, "ogi %s: cannot write to standard output: %s\n", cmd, strerror(errno));
        return -1;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "ogi %s: %s: %s\n", cmd, path, strerror(errno));
        return -1;
    }
    int rc = ogi_buf_write_file(out, f);
    if (fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        fprintf(stderr, "ogi %s: %s: write failed: %s\n", cmd, path, strerror(errno));
    return rc ? -1 : 0;
}

const char *ogi_cli_message(const ogi_finding *f, ogi_lang lang)
{
    const char *m = lang == OGI_LANG_EN ? f->message_en : f->message_zh;
    return m ? m : "";
}
