/*
 * Copyright 2024 Harbour Club Data Group
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/*
 * parser.c - reads tide-gauge logs.
 *
 * Each line holds an ISO 8601 timestamp and a water level in centimetres,
 * separated by spaces or a tab:
 *
 *     2024-03-01T04:15 312
 *     2024-03-01T04:30:00 318.5
 *
 * Lines starting with ';' are comments. Blank lines are ignored. The parser
 * never allocates per line: readings go into a caller-supplied buffer that
 * grows by doubling.
 */

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parser.h"

#define LINE_MAX_LEN 256

static const char *skip_spaces(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* Reads exactly `width` digits into *out. Returns the position after them or NULL. */
static const char *read_digits(const char *p, int width, int *out)
{
    int value = 0;
    for (int i = 0; i < width; i++) {
        if (!isdigit((unsigned char)p[i]))
            return NULL;
        value = value * 10 + (p[i] - '0');
    }
    *out = value;
    return p + width;
}

/*
 * Parses "YYYY-MM-DDTHH:MM" with optional ":SS". The gauge logs are always in
 * UTC, so the result is converted with timegm() rather than mktime().
 */
static const char *parse_timestamp(const char *p, time_t *out)
{
    struct tm tm;
    int year, month, day, hour, minute, second = 0;

    memset(&tm, 0, sizeof tm);
    if (!(p = read_digits(p, 4, &year)) || *p++ != '-')
        return NULL;
    if (!(p = read_digits(p, 2, &month)) || *p++ != '-')
        return NULL;
    if (!(p = read_digits(p, 2, &day)) || (*p != 'T' && *p != ' '))
        return NULL;
    p++;
    if (!(p = read_digits(p, 2, &hour)) || *p++ != ':')
        return NULL;
    if (!(p = read_digits(p, 2, &minute)))
        return NULL;
    if (*p == ':' && !(p = read_digits(p + 1, 2, &second)))
        return NULL;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return NULL;

    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    *out = timegm(&tm);
    return p;
}

static int push_reading(struct reading_buffer *buf, time_t when, double level)
{
    if (buf->count == buf->capacity) {
        size_t capacity = buf->capacity ? buf->capacity * 2 : 64;
        struct reading *grown = realloc(buf->items, capacity * sizeof *grown);
        if (!grown)
            return -ENOMEM;
        buf->items = grown;
        buf->capacity = capacity;
    }
    buf->items[buf->count].when = when;
    buf->items[buf->count].level_cm = level;
    buf->count++;
    return 0;
}

/*
 * Parses one line. Returns 1 if a reading was added, 0 for comments and blank
 * lines, and a negative errno value on malformed input.
 */
int parse_line(const char *line, struct reading_buffer *buf)
{
    const char *p = skip_spaces(line);
    time_t when;
    char *end;
    double level;

    if (*p == '\0' || *p == '\n' || *p == ';')
        return 0;
    if (!(p = parse_timestamp(p, &when)))
        return -EINVAL;
    p = skip_spaces(p);
    errno = 0;
    level = strtod(p, &end);
    if (end == p || errno == ERANGE)
        return -EINVAL;
    end = (char *)skip_spaces(end);
    if (*end != '\0' && *end != '\n' && *end != ';')
        return -EINVAL;

    /* Out-of-order readings happen when the gauge clock is reset; keep the later one. */
    if (buf->count > 0 && when <= buf->items[buf->count - 1].when) {
        buf->items[buf->count - 1].level_cm = level;
        return 0;
    }
    return push_reading(buf, when, level) == 0 ? 1 : -ENOMEM;
}

int parse_file(FILE *in, struct reading_buffer *buf, struct parse_error *err)
{
    char line[LINE_MAX_LEN];
    unsigned long lineno = 0;

    while (fgets(line, sizeof line, in)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(in)) {
            err->line = lineno;
            err->code = -E2BIG;
            return -1;
        }
        int rc = parse_line(line, buf);
        if (rc < 0) {
            err->line = lineno;
            err->code = rc;
            return -1;
        }
    }
    /* TODO: report read errors separately from parse errors. */
    return ferror(in) ? -1 : 0;
}

void reading_buffer_free(struct reading_buffer *buf)
{
    free(buf->items);
    buf->items = NULL;
    buf->count = buf->capacity = 0;
}
