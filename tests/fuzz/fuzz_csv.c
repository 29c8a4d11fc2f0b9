/*
 * fuzz_csv.c — libFuzzer harness for the CSV reader: every input, read in
 * each encoding, must end in records or a clean error; records read as
 * UTF-8 are valid UTF-8 and their lengths agree with their NUL terminators.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gyokaku/csv.h"
#include "gyokaku/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const gk_encoding encs[] = {GK_ENC_AUTO, GK_ENC_UTF8, GK_ENC_CP932};
    for (size_t e = 0; e < 3; e++) {
        FILE *f = fmemopen((void *)data, size, "rb");
        if (!f) return 0;
        gk_error err;
        gk_csv_reader *r = gk_csv_open(f, "fuzz", encs[e], &err);
        if (r) {
            const gk_csv_record *rec;
            while (gk_csv_next(r, &rec, &err) > 0)
                for (size_t i = 0; i < rec->nfields; i++)
                    if (strlen(rec->fields[i]) != rec->lens[i] ||
                        !gk_utf8_valid(rec->fields[i], rec->lens[i]))
                        abort();
            gk_csv_close(r);
        }
        fclose(f);
    }
    return 0;
}
