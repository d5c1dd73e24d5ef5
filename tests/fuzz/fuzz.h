/*
 * tests/fuzz/fuzz.h - what the libFuzzer targets share: the check that reports a failed invariant
 * (libFuzzer then keeps the input as a crash), and the reader that turns any input into a
 * program, byte by byte.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Report "FILE:LINE: check failed: COND: message" and abort. */
#define CHECK(cond, ...)                                                                          \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);              \
            fprintf(stderr, __VA_ARGS__);                                                         \
            fputc('\n', stderr);                                                                  \
            abort();                                                                              \
        }                                                                                         \
    } while (0)

/* The input, read as a program: past its end every byte reads 0, so any input is valid. */
struct fuzz_input {
    const uint8_t *next;
    size_t left;
};

static inline unsigned fuzz_byte(struct fuzz_input *in)
{
    if (!in->left)
        return 0;
    in->left--;
    return *in->next++;
}

#endif
